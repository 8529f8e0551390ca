package io.sluice.gateway.tls;

import io.sluice.core.config.ConfigProblem;
import io.sluice.core.tls.ClientCertificatesRequested;
import io.sluice.core.tls.ServerCertificate;
import io.sluice.core.tls.SniKeyManager;
import io.sluice.core.tls.TlsVersions;
import io.sluice.gateway.config.ConfigException;
import io.sluice.gateway.config.HttpServerOptionsConfig;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TLS on the gateway port ({@code http_server_options}): JDK TLS, TLS 1.2 or newer with forward secret AEAD suites
 * unless configured otherwise, HTTP/2 offered through ALPN, the certificate chosen per SNI host name by
 * {@link SniKeyManager}. Client certificates are asked for and taken as presented; each API decides which it accepts
 * ({@code server.clientCertificates}, certificate auth). The certificate files are checked every
 * {@code certificate_reload_interval} seconds: a changed set is loaded for new handshakes while open connections stay;
 * a set that does not load (a half-written file) is logged and the previous one kept.
 */
public final class ServerTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final HttpServerOptionsConfig config;
    private final SniKeyManager keyManager;
    private final List<String> protocols;
    private final List<String> suites;
    private volatile Map<Path, FileStamp> stamps;
    private Vertx watcherVertx;
    private long watcher = -1;

    private record FileStamp(long modified, long size) {
        static FileStamp of(Path file) {
            try {
                return new FileStamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
            } catch (IOException e) {
                return new FileStamp(-1, -1);
            }
        }
    }

    private ServerTls(HttpServerOptionsConfig config, List<ServerCertificate> certificates, Map<Path, FileStamp> stamps,
                      List<String> protocols, List<String> suites) {
        this.config = config;
        this.keyManager = new SniKeyManager(certificates);
        this.stamps = stamps;
        this.protocols = protocols;
        this.suites = suites;
    }

    /**
     * Loads the certificates; null when {@code use_ssl} is off.
     *
     * @throws ConfigException naming the setting and file at fault
     */
    public static ServerTls of(HttpServerOptionsConfig config) {
        if (config == null || !config.useSsl()) {
            return null;
        }
        List<String> protocols;
        try {
            protocols = TlsVersions.between(version(config.minVersion()), config.maxVersion() == 0 ? "" : version(config.maxVersion()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("http_server_options.min_version/max_version: " + e.getMessage());
        }
        Map<Path, FileStamp> stamps = stampsOf(config);
        return new ServerTls(config, load(config), stamps, protocols, TlsVersions.suites(config.sslCiphers(), protocols));
    }

    private static String version(int number) {
        return Integer.toString(number);
    }

    /** Sets TLS on the listener's options. */
    public HttpServerOptions configure(HttpServerOptions options) {
        options.setSsl(true)
                .setSslEngineOptions(new JdkSSLEngineOptions())
                .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
                .setTrustOptions(TrustOptions.wrap(new ClientCertificatesRequested()))
                .setClientAuth(ClientAuth.REQUEST)
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(protocols));
        suites.forEach(options::addEnabledCipherSuite);
        if (config.enableHttp2()) {
            options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
        }
        return options;
    }

    public SniKeyManager keyManager() {
        return keyManager;
    }

    /** Checks the certificate files for changes every {@code certificate_reload_interval} seconds (file IO off the loop). */
    public void watch(Vertx vertx, BlockingWork blocking) {
        long millis = Math.round(config.certificateReloadInterval() * 1000);
        if (millis <= 0) {
            return;
        }
        this.watcherVertx = vertx;
        this.watcher = vertx.setPeriodic(millis, t -> blocking.submit(this::reloadIfChanged)
                .onFailure(e -> LOG.error("Certificate files changed but cannot be loaded, still serving the previous ones: {}",
                        e.getMessage())));
    }

    /** Loads the certificates again when a file changed; true when it did. */
    public boolean reloadIfChanged() {
        Map<Path, FileStamp> now = stampsOf(config);
        if (now.equals(stamps)) {
            return false;
        }
        List<ServerCertificate> certificates;
        try {
            certificates = load(config);
        } finally {
            // A broken set is retried only after the files change again, not logged every interval.
            stamps = now;
        }
        keyManager.replace(certificates);
        LOG.info("Loaded changed TLS certificates for new connections ({} certificate(s))", certificates.size());
        return true;
    }

    private static Map<Path, FileStamp> stampsOf(HttpServerOptionsConfig config) {
        Map<Path, FileStamp> stamps = new LinkedHashMap<>();
        for (HttpServerOptionsConfig.CertificateFiles files : config.certificates()) {
            for (String file : List.of(Objects.toString(files.certFile(), ""), Objects.toString(files.keyFile(), ""))) {
                if (!file.isBlank()) {
                    stamps.put(Path.of(file), FileStamp.of(Path.of(file)));
                }
            }
        }
        for (String file : config.sslCertificates()) {
            stamps.put(Path.of(file), FileStamp.of(Path.of(file)));
        }
        return stamps;
    }

    private static List<ServerCertificate> load(HttpServerOptionsConfig config) {
        List<ServerCertificate> certificates = new ArrayList<>();
        for (int i = 0; i < config.certificates().size(); i++) {
            HttpServerOptionsConfig.CertificateFiles files = config.certificates().get(i);
            String field = "http_server_options.certificates[" + i + "]";
            certificates.add(certificate(read(files.certFile(), field + ".cert_file"), read(files.keyFile(), field + ".key_file"),
                    files.domainName(), field));
        }
        for (int i = 0; i < config.sslCertificates().size(); i++) {
            String field = "http_server_options.ssl_certificates[" + i + "]";
            String pem = read(config.sslCertificates().get(i), field);
            certificates.add(certificate(pem, pem, "", field));
        }
        if (certificates.isEmpty()) {
            throw new ConfigException("http_server_options.use_ssl is true but no certificate is configured: add"
                    + " http_server_options.certificates ([{\"domain_name\": \"\", \"cert_file\": ..., \"key_file\": ...}])");
        }
        return certificates;
    }

    private static ServerCertificate certificate(String chainPem, String keyPem, String domain, String field) {
        try {
            return ServerCertificate.fromPem(chainPem, keyPem, domain);
        } catch (io.sluice.core.config.ConfigException e) { // checkstyle:fqn-ok clashes with imported gateway.config.ConfigException
            throw new ConfigException(field + ": " + e.problems().stream().map(ConfigProblem::message).reduce((a, b) -> a + "; " + b).orElse(""));
        }
    }

    private static String read(String file, String field) {
        if (file == null || file.isBlank()) {
            throw new ConfigException(field + ": a PEM file is required");
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(field + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (watcherVertx != null && watcher >= 0) {
            watcherVertx.cancelTimer(watcher);
        }
    }
}
