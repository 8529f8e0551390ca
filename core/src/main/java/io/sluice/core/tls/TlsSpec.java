package io.sluice.core.tls;

import io.sluice.core.spec.FieldSpec;

import java.util.List;

/**
 * The single declaration of the dialect's {@code tls} object, shared by every connector that speaks TLS:
 * {@code enabled}, {@code skip_cert_verify}, {@code enable_renegotiation}, {@code root_cas},
 * {@code root_cas_file} and {@code client_certs} ({@code cert}, {@code key}, {@code cert_file},
 * {@code key_file}, {@code password}). {@link Tls#from(io.sluice.core.spec.Conf)} reads what it declares.
 */
public final class TlsSpec {
    private TlsSpec() {
    }

    /** The {@code tls} field; a connector may override its description with {@code .description(...)}. */
    public static FieldSpec field() {
        return FieldSpec.object("tls",
                FieldSpec.bool("enabled").defaultValue(false).description("Connect with TLS, using the settings below."),
                FieldSpec.bool("skip_cert_verify").defaultValue(false)
                        .description("Accept any server certificate and host name. For tests only: it lets anyone in the middle read the traffic."),
                FieldSpec.bool("enable_renegotiation").defaultValue(false).advanced()
                        .description("Accepted for compatibility and not used: the JVM handles secure renegotiation itself."),
                FieldSpec.string("root_cas").defaultValue("").advanced()
                        .description("The certificate authorities to trust instead of the system's, as PEM text (a YAML block keeps its line breaks).")
                        .example("-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"),
                FieldSpec.string("root_cas_file").defaultValue("").advanced()
                        .description("The same, from a PEM file. With both set, the authorities of both are trusted.").example("/etc/sluice/ca.pem"),
                FieldSpec.objectList("client_certs",
                        FieldSpec.string("cert").defaultValue("").description("The client certificate, as PEM text."),
                        FieldSpec.string("key").defaultValue("").description("Its private key, as PEM text."),
                        FieldSpec.string("cert_file").defaultValue("").description("The client certificate, as a PEM file."),
                        FieldSpec.string("key_file").defaultValue("").description("Its private key, as a PEM file."),
                        FieldSpec.string("password").defaultValue("")
                                .description("The password of an encrypted private key (PKCS#8)."))
                        .defaultValue(List.of()).advanced()
                        .description("Certificates to present to servers that ask for one (mutual TLS). Give each as `cert` and `key` or as `cert_file` and `key_file`, not both."))
                .advanced()
                .description("TLS for the connection. Servers are checked against the system's certificate authorities, unless `root_cas` or `root_cas_file` name others.");
    }
}
