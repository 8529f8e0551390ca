package io.sluice.gateway.tls;

import io.sluice.core.config.ConfigException;
import io.sluice.core.tls.Fingerprints;
import io.sluice.core.tls.HostClientCertificates;
import io.sluice.core.tls.HostPattern;
import io.sluice.core.tls.PinnedTrustManager;
import io.sluice.core.tls.Tls;
import io.sluice.core.tls.TlsVersions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the gateway connects to an API's {@code https://} upstream, from {@link ApiTls.UpstreamTls}: the server
 * certificate is verified (chain and host name) unless {@code insecureSkipVerify}, against {@code rootCAs} when given
 * else the JDK's trust store; a client certificate is sent to hosts with one in {@code mutualTLS}; and a host with
 * pinned public keys must present one of them in its chain (also when verification is skipped, as Tyk does).
 */
public final class UpstreamTlsOptions {

    private final ApiTls.UpstreamTls settings;
    private final TrustManager trust;
    private final HostClientCertificates clientCertificates;
    private final List<String> protocols;
    private final List<String> suites;

    private UpstreamTlsOptions(ApiTls.UpstreamTls settings, TrustManager trust, HostClientCertificates clientCertificates,
                               List<String> protocols, List<String> suites) {
        this.settings = settings;
        this.trust = trust;
        this.clientCertificates = clientCertificates;
        this.protocols = protocols;
        this.suites = suites;
    }

    /**
     * Reads the files and checks the values.
     *
     * @throws IllegalArgumentException whose message starts with the field below {@code upstream} at fault
     */
    public static UpstreamTlsOptions of(ApiTls.UpstreamTls settings) {
        List<String> protocols;
        try {
            protocols = TlsVersions.between(settings.minVersion(), settings.maxVersion());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tlsTransport.minVersion: " + e.getMessage());
        }
        List<String> suites = settings.ciphers().isEmpty() ? List.of() : TlsVersions.suites(settings.ciphers(), protocols);
        X509ExtendedTrustManager verifier = settings.insecureSkipVerify() ? new AnyServer() : verifier(settings.rootCas());
        List<PinnedTrustManager.Pin> pins = new ArrayList<>();
        for (int i = 0; i < settings.pinnedPublicKeys().size(); i++) {
            ApiTls.HostValues entry = settings.pinnedPublicKeys().get(i);
            Set<String> keys = new HashSet<>();
            for (int k = 0; k < entry.values().size(); k++) {
                keys.add(publicKeyPin(entry.values().get(k),
                        "certificatePinning.domainToPublicKeysMapping[" + i + "].publicKeys[" + k + "]"));
            }
            pins.add(new PinnedTrustManager.Pin(new HostPattern(entry.host()), keys));
        }
        TrustManager trust = pins.isEmpty() ? verifier : new PinnedTrustManager(verifier, pins);
        List<HostClientCertificates.Entry> certificates = new ArrayList<>();
        for (int i = 0; i < settings.clientCertificates().size(); i++) {
            ApiTls.HostValue entry = settings.clientCertificates().get(i);
            String field = "mutualTLS.domainToCertificateMapping[" + i + "].certificate";
            String pem = pemText(entry.value(), field);
            try {
                certificates.add(new HostClientCertificates.Entry(new HostPattern(entry.host()), Tls.certificates(pem, null),
                        Tls.privateKey(pem, null, null)));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(field + ": needs the certificate and its private key in PEM: "
                        + e.problems().getFirst().message());
            }
        }
        return new UpstreamTlsOptions(settings, trust, certificates.isEmpty() ? null : new HostClientCertificates(certificates),
                protocols, suites);
    }

    /** Client options for this API's upstream connections, on top of the gateway's usual ones. */
    public HttpClientOptions apply(HttpClientOptions options) {
        options.setTrustOptions(TrustOptions.wrap(trust))
                .setVerifyHost(!settings.insecureSkipVerify())
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(protocols));
        suites.forEach(options::addEnabledCipherSuite);
        if (clientCertificates != null) {
            options.setKeyCertOptions(KeyCertOptions.wrap(clientCertificates));
        }
        return options;
    }

    private static X509ExtendedTrustManager verifier(List<String> rootCas) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (rootCas.isEmpty()) {
                factory.init((KeyStore) null);
            } else {
                KeyStore roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                int n = 0;
                for (int i = 0; i < rootCas.size(); i++) {
                    String field = "tlsTransport.rootCAs[" + i + "]";
                    try {
                        for (X509Certificate certificate : Tls.certificates(pemText(rootCas.get(i), field), null)) {
                            roots.setCertificateEntry("root-" + n++, certificate);
                        }
                    } catch (ConfigException e) {
                        throw new IllegalArgumentException(field + ": " + e.problems().getFirst().message());
                    }
                }
                factory.init(roots);
            }
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up upstream certificate verification: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a public key: as hex or {@code sha256//base64}, or read from a PEM certificate (text or file). */
    private static String publicKeyPin(String value, String field) {
        String hex = Fingerprints.normalized(value);
        if (hex != null) {
            return hex;
        }
        try {
            return Fingerprints.publicKey(Tls.certificates(pemText(value, field), null).getFirst());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(field + ": expected a SHA-256 public key hash (hex or sha256//base64) or a PEM"
                    + " certificate: " + e.problems().getFirst().message());
        }
    }

    /** PEM given inline, or the contents of the file it names. */
    private static String pemText(String value, String field) {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value.trim()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(field + ": cannot read PEM file '" + value + "': " + e.getMessage());
        }
    }

    /** insecureSkipVerify: any server certificate (pins may still apply). */
    private static final class AnyServer extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
