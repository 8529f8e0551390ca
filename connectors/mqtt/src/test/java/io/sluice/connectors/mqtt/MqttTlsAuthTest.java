package io.sluice.connectors.mqtt;

import io.sluice.core.component.Input;
import io.sluice.core.engine.ConnectionStatus;
import io.sluice.core.engine.Stream;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import io.sluice.testkit.Services;
import io.sluice.testkit.TestComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS and authentication against a Mosquitto this test starts on a free loopback port, with a
 * self-signed certificate made by keytool and a password file made by mosquitto_passwd.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttTlsAuthTest {
    private static Path dir;
    private static Process broker;
    private static int port;
    private static String caPem;

    @BeforeAll
    static void startBroker() throws Exception {
        String mosquitto = which("mosquitto", "/usr/sbin/mosquitto");
        String passwd = which("mosquitto_passwd", "/usr/bin/mosquitto_passwd");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        if (mosquitto == null || passwd == null) {
            Services.unavailable("the mosquitto and mosquitto_passwd programs (Debian package mosquitto) are not installed");
            return;
        }
        dir = Files.createTempDirectory("sluice-mqtt-tls");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path p12 = dir.resolve("server.p12");
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Key key = ks.getKey("server", "changeit".toCharArray());
        Certificate cert = ks.getCertificate("server");
        caPem = pem("CERTIFICATE", cert.getEncoded());
        write(dir.resolve("server.crt"), caPem);
        write(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
        Path pw = dir.resolve("passwd");
        run(passwd, "-c", "-b", pw.toString(), "sluice", "s3cret");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));

        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        write(dir.resolve("mosquitto.conf"), """
                persistence false
                log_dest file %1$s/mosquitto.log
                allow_anonymous false
                password_file %1$s/passwd
                listener %2$d 127.0.0.1
                certfile %1$s/server.crt
                keyfile %1$s/server.key
                """.formatted(dir, port));
        broker = new ProcessBuilder(mosquitto, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!broker.isAlive()) break;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        String log = Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "";
        Services.unavailable("the test's own Mosquitto (TLS on port " + port + ") did not start: " + log);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.destroy();
    }

    private static String which(String name, String fallback) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) return Path.of(d, name).toString();
        }
        return Files.isExecutable(Path.of(fallback)) ? fallback : null;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static String tlsBlock() {
        return "tls:\n  enabled: true\n  root_cas: |\n" + caPem.indent(4);
    }

    @Test
    void roundTripOverTlsWithUserAndPassword() throws Exception {
        String topic = "tls/" + UUID.randomUUID();
        String sink = "tls-" + topic;
        String feedName = "tls-feed-" + topic;
        String common = "urls: [ \"ssl://127.0.0.1:%d\" ]\nuser: sluice\npassword: s3cret\n".formatted(port) + tlsBlock();
        Stream in = TestKit.startStream("input:\n  mqtt:\n" + (common + "topics: [ \"" + topic + "\" ]\nclient_id: tls-in\nclean_session: false\n").indent(4)
                + "output:\n  test_collect:\n    name: " + sink + "\n");
        Stream out = TestKit.startStream("input:\n  test_feed:\n    name: " + feedName + "\noutput:\n  mqtt:\n"
                + (common + "topic: \"" + topic + "\"\n").indent(4));
        try {
            // The input subscribes while it connects: once connected, its subscription is in place.
            TestKit.await("the input to connect", Duration.ofSeconds(10), () -> in.status().input().state() == ConnectionStatus.State.CONNECTED);
            TestComponents.feed(feedName).add("secret-1", "secret-2");
            assertThat(TestComponents.sink(sink).awaitCount(2, Duration.ofSeconds(10))).isTrue();
            assertThat(TestComponents.sink(sink).texts()).containsExactlyInAnyOrder("secret-1", "secret-2"); // max_in_flight: 64 writes run in parallel
        } finally {
            TestKit.stop(out);
            TestKit.stop(in);
        }
    }

    @Test
    void wrongPasswordNamesUserAndPasswordAndTheBrokerAnswer() throws Exception {
        for (String version : List.of("5", "3.1.1")) {
            Input in = (Input) TestKit.component(ComponentKind.INPUT, "mqtt", "urls: [ \"ssl://127.0.0.1:%d\" ]\ntopics: [ a ]\nuser: sluice\npassword: wrong\nprotocol_version: \"%s\"\n"
                    .formatted(port, version) + tlsBlock());
            assertThatThrownBy(in::connect)
                    .as("MQTT %s", version)
                    .hasMessageContaining("refused the connection")
                    .hasMessageContaining("check user and password")
                    .hasMessageMatching("(?s).*(NOT_AUTHORIZED|BAD_USER_NAME_OR_PASSWORD).*");
            in.close();
        }
    }

    @Test
    void untrustedCertificateNamesTls() throws Exception {
        Input in = (Input) TestKit.component(ComponentKind.INPUT, "mqtt",
                "urls: [ \"ssl://127.0.0.1:%d\" ]\ntopics: [ a ]\nuser: sluice\npassword: s3cret\nconnect_timeout: 5s\n".formatted(port));
        assertThatThrownBy(in::connect).hasMessageContaining("TLS handshake failed").hasMessageContaining("tls");
        in.close();
    }

    @Test
    void skipCertVerifyAcceptsTheSelfSignedCertificate() throws Exception {
        Input in = (Input) TestKit.component(ComponentKind.INPUT, "mqtt",
                "urls: [ \"ssl://127.0.0.1:%d\" ]\ntopics: [ a ]\nuser: sluice\npassword: s3cret\ntls:\n  enabled: true\n  skip_cert_verify: true\n".formatted(port));
        in.connect();
        in.close();
    }
}
