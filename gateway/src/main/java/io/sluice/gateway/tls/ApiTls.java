package io.sluice.gateway.tls;

import java.util.List;

/**
 * What an API says about certificates, as written (file paths, fingerprints, PEM text); the {@code tls} package turns
 * it into checks and TLS settings.
 *
 * @param clientCertificates {@code server.clientCertificates}: static mTLS, clients must present an allowed certificate
 * @param upstream           how the gateway connects to an {@code https://} upstream
 */
public record ApiTls(ClientCertificates clientCertificates, UpstreamTls upstream) {

    public static final ApiTls NONE = new ApiTls(ClientCertificates.NONE, UpstreamTls.DEFAULT);

    /** @param allowlist SHA-256 fingerprints (hex, Tyk's certificate ids) or PEM certificates (files or text), leaf or CA */
    public record ClientCertificates(boolean enabled, List<String> allowlist) {
        public static final ClientCertificates NONE = new ClientCertificates(false, List.of());
    }

    /**
     * Tyk's {@code upstream.tlsTransport}, {@code upstream.mutualTLS} and {@code upstream.certificatePinning}.
     *
     * @param rootCas            Sluice only ({@code tlsTransport.rootCAs}): PEM CA bundles trusted instead of the JDK's
     * @param clientCertificates by upstream host ({@code *} or {@code *.example.com} patterns): PEM with chain and key
     * @param pinnedPublicKeys   by upstream host: SHA-256 of the public key (hex, or {@code sha256//base64}) or a PEM
     */
    public record UpstreamTls(boolean insecureSkipVerify, String minVersion, String maxVersion, List<String> ciphers,
                              List<String> rootCas, List<HostValue> clientCertificates, List<HostValues> pinnedPublicKeys) {
        public static final UpstreamTls DEFAULT = new UpstreamTls(false, "", "", List.of(), List.of(), List.of(), List.of());

        public boolean isDefault() {
            return equals(DEFAULT);
        }
    }

    public record HostValue(String host, String value) {
    }

    public record HostValues(String host, List<String> values) {
    }
}
