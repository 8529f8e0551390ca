package io.sluice.gateway.streamapi;

import io.sluice.gateway.config.HttpServerOptionsConfig;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream APIs over TLS with real clients: wscat over {@code wss://}, curl reading Server-Sent Events over
 * {@code https://}, and a certificate file replaced on disk while a WebSocket stays open: new handshakes get the new
 * certificate (seen by openssl s_client), the open connection keeps receiving.
 */
class StreamApiTlsTest {

    private static final String TICKER = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"n": counter()}'
            output:
              http_server:
                stream_path: /ticker/sse
                ws_path: /ticker/ws
                ws_message_type: text
            """;

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static Path certFile;
    private static Path keyFile;
    private static RunningGateway gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir.resolve("certs"), "Stream Test CA");
        TestCertificates.Issued first = certs.server("localhost", "localhost", "127.0.0.1");
        certFile = dir.resolve("gateway.pem");
        keyFile = dir.resolve("gateway.key");
        Files.copy(first.certFile(), certFile);
        Files.copy(first.keyFile(), keyFile);
        gateway = RunningGateway.start(dir.resolve("apps"), c -> c.withHttpServerOptions(
                        HttpServerOptionsConfig.tls(certFile.toString(), keyFile.toString()).withReloadInterval(0.2)),
                StreamApiDocs.of("ticker", "/ticker/").authToken().yaml("ticker", TICKER).docs());
        gateway.trusting(certs.clientContext(null));
        key = gateway.createKey("{\"access_rights\": {\"ticker\": {\"api_id\": \"ticker\"}}}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String wss(String path) {
        return "wss://localhost:" + gateway.gateway().port() + path;
    }

    @Test
    void wscatReceivesMessagesOverWss() throws Exception {
        try (Clients.Proc wscat = Clients.Proc.start(Clients.wscat(), "--ca", certs.ca().certFile().toString(),
                "-c", wss("/ticker/ticker/ws?key=" + key))) {
            Eventually.within(Duration.ofSeconds(20), () -> wscat.lines.stream().filter(l -> l.contains("\"n\"")).count() >= 5);
        }
    }

    @Test
    void curlReadsServerSentEventsOverHttps() throws Exception {
        try (Clients.Proc curl = Clients.Proc.start("curl", "-sS", "-N", "--cacert", certs.ca().certFile().toString(),
                "-H", "Accept: text/event-stream", "-H", "Authorization: " + key,
                "https://localhost:" + gateway.gateway().port() + "/ticker/ticker/sse")) {
            Eventually.within(Duration.ofSeconds(20), () -> curl.lines.stream().filter(l -> l.startsWith("data:")).count() >= 5);
        }
    }

    @Test
    void aChangedCertificateFileIsServedToNewConnectionsWhileAWebSocketStaysOpen() throws Exception {
        String before = servedSerial();
        try (Clients.Proc wscat = Clients.Proc.start(Clients.wscat(), "--ca", certs.ca().certFile().toString(),
                "-c", wss("/ticker/ticker/ws?key=" + key))) {
            Eventually.within(Duration.ofSeconds(20), () -> wscat.lines.stream().filter(l -> l.contains("\"n\"")).count() >= 3);

            TestCertificates.Issued renewed = certs.server("localhost", "localhost", "127.0.0.1");
            replace(renewed.keyFile(), keyFile);
            replace(renewed.certFile(), certFile);
            String expected = serialOf(renewed.certFile());
            assertThat(expected).isNotEqualTo(before);
            Eventually.within(Duration.ofSeconds(20), () -> expected.equals(servedSerial()));

            long received = wscat.lines.stream().filter(l -> l.contains("\"n\"")).count();
            Eventually.within(Duration.ofSeconds(20), () -> wscat.lines.stream().filter(l -> l.contains("\"n\"")).count() >= received + 10);
            assertThat(wscat.process.isAlive()).isTrue();
        }
    }

    /** Replaces a file in one step, as deployment tools do (write aside, then rename). */
    private static void replace(Path source, Path target) throws IOException {
        Path aside = target.resolveSibling(target.getFileName() + ".new");
        Files.copy(source, aside, StandardCopyOption.REPLACE_EXISTING);
        Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The serial of the certificate a new TLS handshake gets, as openssl s_client sees it. */
    private static String servedSerial() {
        String pem = run("sh", "-c", "openssl s_client -connect 127.0.0.1:" + gateway.gateway().port()
                + " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -serial");
        return pem.trim();
    }

    private static String serialOf(Path certificate) {
        return run("openssl", "x509", "-noout", "-serial", "-in", certificate.toString()).trim();
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
