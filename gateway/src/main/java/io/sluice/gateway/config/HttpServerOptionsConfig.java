package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Tyk's {@code http_server_options}: TLS on the gateway port. With {@code use_ssl} every connection is TLS; the
 * certificate is picked by the SNI host name among {@code certificates} (Tyk's {@code domain_name}, {@code cert_file},
 * {@code key_file}; {@code *.example.com} matches one label) and {@code ssl_certificates} (PEM files holding chain and
 * key, matched by the names in the certificate), the first one serving clients that send no or an unknown name.
 *
 * @param minVersion                TLS version number as Tyk writes it: 771 = TLS 1.2 (default), 772 = TLS 1.3
 * @param maxVersion                0 = the newest the JDK offers
 * @param sslCiphers                IANA cipher suite names for TLS 1.2; empty = a modern AEAD-only list (TLS 1.3 suites
 *                                  are not configurable, as in Tyk)
 * @param enableHttp2               offer HTTP/2 through ALPN (Sluice's default: true)
 * @param certificateReloadInterval Sluice only: seconds between checks of the certificate files; a changed file is
 *                                  loaded for new handshakes, open connections stay. 0 = never reload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpServerOptionsConfig(
        @JsonProperty("use_ssl") boolean useSsl,
        @JsonProperty("certificates") List<CertificateFiles> certificates,
        @JsonProperty("ssl_certificates") List<String> sslCertificates,
        @JsonProperty("min_version") int minVersion,
        @JsonProperty("max_version") int maxVersion,
        @JsonProperty("ssl_ciphers") List<String> sslCiphers,
        @JsonProperty("enable_http2") boolean enableHttp2,
        @JsonProperty("certificate_reload_interval") double certificateReloadInterval) {

    public static final int TLS_1_2 = 0x0303;
    public static final int TLS_1_3 = 0x0304;

    public HttpServerOptionsConfig {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        sslCertificates = sslCertificates == null ? List.of() : List.copyOf(sslCertificates);
        sslCiphers = sslCiphers == null ? List.of() : List.copyOf(sslCiphers);
    }

    /** Plain HTTP: what the gateway does without {@code use_ssl}. */
    public static HttpServerOptionsConfig plain() {
        return new HttpServerOptionsConfig(false, List.of(), List.of(), TLS_1_2, 0, List.of(), true, 2);
    }

    /** TLS with one certificate for every host name. */
    public static HttpServerOptionsConfig tls(String certFile, String keyFile) {
        return new HttpServerOptionsConfig(true, List.of(new CertificateFiles("", certFile, keyFile)), List.of(), TLS_1_2, 0,
                List.of(), true, 2);
    }

    public HttpServerOptionsConfig withCertificates(List<CertificateFiles> files) {
        return new HttpServerOptionsConfig(useSsl, files, sslCertificates, minVersion, maxVersion, sslCiphers, enableHttp2,
                certificateReloadInterval);
    }

    public HttpServerOptionsConfig withReloadInterval(double seconds) {
        return new HttpServerOptionsConfig(useSsl, certificates, sslCertificates, minVersion, maxVersion, sslCiphers, enableHttp2,
                seconds);
    }

    /** One server certificate: PEM chain and key files, for the host names {@code domain_name} matches. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CertificateFiles(@JsonProperty("domain_name") String domainName,
                                   @JsonProperty("cert_file") String certFile,
                                   @JsonProperty("key_file") String keyFile) {
        public CertificateFiles {
            domainName = domainName == null ? "" : domainName;
        }
    }
}
