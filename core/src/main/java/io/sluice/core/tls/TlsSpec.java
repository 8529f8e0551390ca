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
                FieldSpec.bool("enabled").defaultValue(false).description("Whether custom TLS settings are enabled."),
                FieldSpec.bool("skip_cert_verify").defaultValue(false)
                        .description("Whether to skip server side certificate verification (and host name checks)."),
                FieldSpec.bool("enable_renegotiation").defaultValue(false).advanced()
                        .description("Whether to allow the remote server to repeatedly request renegotiation. Accepted for compatibility: the JVM handles secure renegotiation itself."),
                FieldSpec.string("root_cas").defaultValue("").advanced()
                        .description("An optional root certificate authority to use, as PEM text. This is a string, so it may contain line breaks.")
                        .example("-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"),
                FieldSpec.string("root_cas_file").defaultValue("").advanced()
                        .description("An optional path of a root certificate authority file (PEM).").example("./root_cas.pem"),
                FieldSpec.objectList("client_certs",
                        FieldSpec.string("cert").defaultValue("").description("A plain text certificate to use (PEM)."),
                        FieldSpec.string("key").defaultValue("").description("A plain text certificate key to use (PEM)."),
                        FieldSpec.string("cert_file").defaultValue("").description("The path of a certificate to use."),
                        FieldSpec.string("key_file").defaultValue("").description("The path of a certificate key to use."),
                        FieldSpec.string("password").defaultValue("")
                                .description("A plain text password for when the private key is password encrypted (PKCS#8)."))
                        .defaultValue(List.of()).advanced()
                        .description("A list of client certificates to use. For each certificate either the fields `cert` and `key`, or `cert_file` and `key_file` should be specified, but not both."))
                .advanced()
                .description("Custom TLS settings can be used to override system defaults.");
    }
}
