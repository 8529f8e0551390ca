package io.sluice.connectors.nats;

import io.sluice.core.component.Input;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.testkit.TestKit.build;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code tls} block against a private nats-server with TLS (and client certificates), using a
 * throw-away CA made with the openssl command line tool under {@code target/}.
 */
class NatsTlsTest {
    static Path dir;

    static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }

    @BeforeAll
    static void certificates() throws Exception {
        dir = Files.createDirectories(Path.of("target", "tls-" + System.nanoTime()).toAbsolutePath());
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "1", "-subj", "/CN=sluice-test-ca");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String who : new String[]{"server", "client"}) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + "-key.pem", "-out", who + ".csr", "-subj", "/CN=" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", who + ".pem",
                    "-days", "1", "-extfile", who + ".ext");
        }
    }

    @Test
    void connectsWithRootCaAndClientCertificate() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.launch("--tls", "--tlscert", dir.resolve("server.pem").toString(),
                "--tlskey", dir.resolve("server-key.pem").toString(), "--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString())) {
            Input ok = (Input) build(ComponentKind.INPUT, "nats", """
                    urls: [ %s ]
                    subject: secure
                    tls:
                      enabled: true
                      root_cas_file: %s
                      client_certs:
                        - cert_file: %s
                          key_file: %s
                    """.formatted(server.url(), dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client-key.pem")));
            ok.connect();
            ok.close();

            String caText = Files.readString(dir.resolve("ca.pem")).replace("\n", "\n    ");
            Input noClientCert = (Input) build(ComponentKind.INPUT, "nats", """
                    urls: [ %s ]
                    subject: secure
                    tls:
                      enabled: true
                      root_cas: |
                        %s
                    """.formatted(server.url(), caText.replace("\n    ", "\n        ")));
            assertThatThrownBy(noClientCert::connect).hasMessageContaining("nats: cannot connect");
            noClientCert.close();
        }
    }

    @Test
    void untrustedServerCertificateIsRefusedUnlessVerificationIsSkipped() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.launch("--tls", "--tlscert", dir.resolve("server.pem").toString(),
                "--tlskey", dir.resolve("server-key.pem").toString())) {
            Input strict = (Input) build(ComponentKind.INPUT, "nats", "urls: [ %s ]\nsubject: s\ntls: { enabled: true }\n".formatted(server.url()));
            assertThatThrownBy(strict::connect).hasMessageContaining("nats: cannot connect");
            strict.close();

            Input lenient = (Input) build(ComponentKind.INPUT, "nats", "urls: [ %s ]\nsubject: s\ntls: { enabled: true, skip_cert_verify: true }\n".formatted(server.url()));
            lenient.connect();
            lenient.close();
        }
    }

    @Test
    void unreadableCertificateFileNamesTheField() {
        assertThatThrownBy(() -> build(ComponentKind.INPUT, "nats", "urls: [ nats://127.0.0.1:4222 ]\nsubject: s\ntls: { enabled: true, root_cas_file: /nonexistent/ca.pem }\n"))
                .hasMessageContaining("tls.root_cas_file").hasMessageContaining("/nonexistent/ca.pem");
    }
}
