package io.sluice.gateway.streamapi;

import io.sluice.gateway.Gateway;
import io.sluice.gateway.GatewayLauncher;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway started with nothing configured serves a demo stream API next to the REST echo demo, and the launcher
 * prints a key and the commands to connect; the printed {@code curl -N} and {@code wscat} commands are run as printed.
 */
class DemoStreamApiTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultGatewayServesTheDemoStreamAndThePrintedCommandsWork() throws Exception {
        Path apps = dir.resolve("apps");
        try (Gateway gateway = Gateway.start(GatewayConfig.defaults().withListenPort(0).withAppPath(apps.toString()))) {
            assertThat(Files.exists(apps.resolve("demo-stream.json"))).isTrue();
            assertThat(Files.exists(apps.resolve("demo-echo.json"))).isTrue();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            GatewayLauncher.printDemoStream(gateway, new PrintStream(buffer, true, StandardCharsets.UTF_8));
            List<String> printed = buffer.toString(StandardCharsets.UTF_8).lines().toList();
            String key = value(printed, "Demo key");
            assertThat(key).matches("ey[A-Za-z0-9+/]+=*"); // Tyk's key form with hash_key_function sha256
            String sse = command(printed, "Server-Sent Events:");
            String wscat = command(printed, "WebSocket:");
            String get = command(printed, "One message:");
            assertThat(sse).startsWith("curl -N -H 'Authorization: " + key + "' http://127.0.0.1:" + gateway.port() + "/demo-stream/sse");
            assertThat(wscat).isEqualTo("wscat -c 'ws://127.0.0.1:" + gateway.port() + "/demo-stream/ws?key="
                    + URLEncoder.encode(key, StandardCharsets.UTF_8) + "'");

            Clients.wscat();
            try (Clients.Proc curl = Clients.Proc.start("sh", "-c", sse);
                 Clients.Proc ws = Clients.Proc.start("sh", "-c", wscat)) {
                Eventually.within(Duration.ofSeconds(15), () -> curl.lines.stream().anyMatch(l -> l.startsWith("data: {"))
                        && ws.lines.stream().anyMatch(l -> l.contains("\"shout\":\"HELLO FROM SLUICE\"")));
                String data = curl.lines.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
                assertThat(Json.read(data.substring(6)).path("message").asText()).isEqualTo("hello from Sluice");
            }
            try (Clients.Proc one = Clients.Proc.start("sh", "-c", get)) {
                assertThat(one.process.waitFor()).isZero();
                Eventually.within(Duration.ofSeconds(5), () -> one.lines.stream().anyMatch(l -> l.contains("\"n\":")));
            }
            // without a key: refused
            assertThat(Clients.Ws.refusedWith(wscat.substring(wscat.indexOf('\'') + 1, wscat.indexOf("?key=")))).isEqualTo(401);
        }
    }

    private static String value(List<String> lines, String label) {
        String line = lines.stream().filter(l -> l.contains(label)).findFirst().orElseThrow(() -> new AssertionError("no " + label + " in " + lines));
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    private static String command(List<String> lines, String label) {
        String line = lines.stream().filter(l -> l.trim().startsWith(label)).findFirst().orElseThrow(() -> new AssertionError("no " + label + " in " + lines));
        return line.trim().substring(label.length()).trim();
    }
}
