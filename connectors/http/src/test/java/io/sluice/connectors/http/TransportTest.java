package io.sluice.connectors.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS, proxies, redirects and the Host header: the transport settings of the shared client fields. */
class TransportTest {
    private TestServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tlsWithACustomRootOrWithoutVerification() throws Exception {
        Path ks = dir.resolve("server.p12");
        keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "srv", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        Path certPem = dir.resolve("server.pem");
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(store.getCertificate("srv").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        https.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        List<String> bodies = new CopyOnWriteArrayList<>();
        https.createContext("/secure", ex -> {
            try (ex) {
                bodies.add(new String(ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(200, -1);
            }
        });
        https.start();
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/secure";
        try {
            Output trusted = Harness.output("""
                    http_client:
                      url: %s
                      retries: 0
                      tls:
                        enabled: true
                        root_cas_file: %s
                    """.formatted(url, certPem));
            trusted.write(Batch.ofTexts("with root"));
            trusted.close();

            Output skip = Harness.output("""
                    http_client:
                      url: %s
                      retries: 0
                      tls: { enabled: true, skip_cert_verify: true }
                    """.formatted(url));
            skip.write(Batch.ofTexts("unverified"));
            skip.close();

            Output strict = Harness.output("""
                    http_client:
                      url: %s
                      retries: 0
                    """.formatted(url));
            assertThatThrownBy(() -> strict.write(Batch.ofTexts("refused"))).hasMessageContaining("TLS failed").hasMessageContaining("check tls");
            strict.close();
            assertThat(bodies).containsExactly("with root", "unverified");
        } finally {
            https.stop(0);
        }
    }

    @Test
    void proxyUrlCarriesTheRequests() throws Exception {
        server.answer("/proxied", 200, "");
        Output out = Harness.output("""
                http_client:
                  url: http://upstream.invalid/proxied
                  retries: 0
                  proxy_url: %s
                """.formatted(server.url("")));
        out.write(Batch.ofTexts("via proxy"));
        TestServer.Request r = server.requests("/proxied").get(0);
        assertThat(r.text()).isEqualTo("via proxy");
        assertThat(r.header("Host")).isEqualTo("upstream.invalid");
        out.close();
    }

    @Test
    void redirectsAreFollowedUnlessDisabled() throws Exception {
        server.answer("/old", 302, "", "Location", "/new");
        server.answer("/new", 200, "");
        Output follow = Harness.output("""
                http_client:
                  url: %s
                  verb: GET
                """.formatted(server.url("/old")));
        follow.write(Batch.ofTexts(""));
        assertThat(server.requests("/new")).hasSize(1);
        follow.close();

        Output stay = Harness.output("""
                http_client:
                  url: %s
                  verb: GET
                  follow_redirects: false
                """.formatted(server.url("/old")));
        stay.write(Batch.ofTexts(""));
        assertThat(server.requests("/old")).hasSize(2);
        assertThat(server.requests("/new")).hasSize(1);
        stay.close();
    }

    @Test
    void theHostHeaderCanBeOverridden() throws Exception {
        server.answer("/vhost", 200, "");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  headers:
                    Host: tenant-a.example.com
                """.formatted(server.url("/vhost")));
        out.write(Batch.ofTexts("x"));
        assertThat(server.requests("/vhost").get(0).header("Host")).isEqualTo("tenant-a.example.com");
        out.close();
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
