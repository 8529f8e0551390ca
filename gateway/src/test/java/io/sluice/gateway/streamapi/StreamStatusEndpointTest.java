package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /tyk/streams} and {@code /tyk/streams/{apiId}} over real HTTP: the connection state of each stream's input
 * and output (with the broker's error while backing off), its counters, one entry per running template instance.
 */
class StreamStatusEndpointTest {

    private static String tcp(int port) {
        return """
                input:
                  generate:
                    interval: 20ms
                    mapping: 'root = {"n": counter()}'
                output:
                  test_tcp:
                    address: 127.0.0.1:%d
                shutdown_timeout: 1s
                """.formatted(port);
    }

    private static final String PER_USER = """
            input:
              generate:
                interval: 50ms
                mapping: 'root = {"user": "$tyk_context.request_data_user"}'
            output:
              http_server:
                path: ""
                stream_path: ""
                ws_path: /mine/ws
                ws_message_type: text
            """;

    @TempDir
    static Path dir;
    static RunningGateway gateway;
    static ServerSocket healthy;
    static int downPort;
    static int laterPort;
    static final AtomicLong received = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        healthy = listen(0);
        downPort = closedPort();
        laterPort = closedPort();
        gateway = RunningGateway.start(dir.resolve("apps"), StreamApiDocs.of("feeds", "/feeds/")
                        .yaml("healthy", tcp(healthy.getLocalPort())).yaml("down", tcp(downPort)).yaml("later", tcp(laterPort)).docs(),
                StreamApiDocs.of("rooms", "/rooms/").yaml("mine", PER_USER).docs());
    }

    @AfterAll
    static void stop() throws IOException {
        gateway.close();
        healthy.close();
    }

    /** A port nobody listens on: connecting to it is refused. */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** A TCP server that reads and counts lines, like a broker taking messages. */
    static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (InputStream in = s.getInputStream()) {
                            int b;
                            while ((b = in.read()) >= 0) {
                                if (b == '\n') received.incrementAndGet();
                            }
                        } catch (IOException ignored) {
                            // closed
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return Json.read(response.body());
    }

    private static JsonNode stream(JsonNode api, String name) {
        for (JsonNode s : api.get("streams")) {
            if (s.get("name").asText().equals(name)) return s;
        }
        throw new AssertionError("no stream " + name + " in " + api);
    }

    private static JsonNode feeds(String name) {
        return stream(ok(gateway.admin("GET", "/tyk/streams/feeds", null)), name);
    }

    @Test
    void aStreamWhoseBrokerIsDownIsBackingOffWithItsErrorAndAHealthyOneIsConnected() {
        Eventually.within(Duration.ofSeconds(10), () -> feeds("down").at("/output/state").asText().equals("BACKING_OFF")
                && feeds("healthy").at("/counters/output_sent").asLong() > 0);
        JsonNode down = feeds("down");
        assertThat(down.get("template").asBoolean()).isFalse();
        assertThat(down.get("running").asBoolean()).isTrue();
        JsonNode out = down.get("output");
        assertThat(out.get("type").asText()).isEqualTo("test_tcp");
        assertThat(out.get("last_error").asText()).contains("127.0.0.1:" + downPort).containsIgnoringCase("refused");
        assertThat(out.get("failures").asInt()).isPositive();
        Instant since = Instant.parse(out.get("since").asText());
        assertThat(Instant.parse(out.get("next_attempt").asText())).isAfter(since);
        assertThat(Instant.parse(out.get("last_error_at").asText())).isEqualTo(since);
        assertThat(down.at("/counters/output_connection_failed").asLong()).isPositive();
        assertThat(down.at("/counters/output_connection_up").asLong()).isZero();
        assertThat(down.at("/counters/output_sent").asLong()).isZero();
        // the input connected; it waits for the output (back-pressure)
        assertThat(down.at("/input/type").asText()).isEqualTo("generate");
        assertThat(down.at("/input/state").asText()).isEqualTo("CONNECTED");
        assertThat(down.at("/input/last_error").isNull()).isTrue();

        JsonNode healthyStream = feeds("healthy");
        assertThat(healthyStream.at("/output/state").asText()).isEqualTo("CONNECTED");
        assertThat(healthyStream.at("/output/failures").asInt()).isZero();
        assertThat(healthyStream.at("/output/last_error").isNull()).isTrue();
        assertThat(healthyStream.at("/output/next_attempt").isNull()).isTrue();
        assertThat(healthyStream.at("/counters/output_connection_up").asLong()).isEqualTo(1);
        assertThat(healthyStream.at("/counters/output_connection_failed").asLong()).isZero();
        assertThat(healthyStream.at("/counters/input_received").asLong()).isPositive();
        assertThat(received.get()).isPositive();
    }

    @Test
    void theListCoversEveryStreamApiAndTemplatesHaveAnEntryPerRunningInstance() throws Exception {
        JsonNode rooms = stream(ok(gateway.admin("GET", "/tyk/streams/rooms", null)), "mine");
        assertThat(rooms.get("template").asBoolean()).isTrue();
        assertThat(rooms.get("instance_count").asInt()).isZero();

        Clients.Ws alice = Clients.Ws.open(gateway.url("/rooms/mine/ws?user=alice").replace("http://", "ws://"));
        Clients.Ws bob = Clients.Ws.open(gateway.url("/rooms/mine/ws?user=bob").replace("http://", "ws://"));
        try {
            Eventually.within(Duration.ofSeconds(10), () -> !alice.messages.isEmpty() && !bob.messages.isEmpty());
            JsonNode all = ok(gateway.admin("GET", "/tyk/streams", null));
            assertThat(all.isArray()).isTrue();
            assertThat(all.findValuesAsText("api_id")).containsExactly("feeds", "rooms");
            JsonNode mine = stream(all.get(1), "mine");
            assertThat(mine.get("instance_count").asInt()).isEqualTo(2);
            assertThat(mine.get("instances")).hasSize(2).allSatisfy(i -> {
                assertThat(i.get("instance").asText()).hasSize(12);
                assertThat(i.get("connections").asInt()).isEqualTo(1);
                assertThat(i.at("/input/state").asText()).isEqualTo("CONNECTED");
                assertThat(i.at("/output/type").asText()).isEqualTo("http_server");
                assertThat(i.at("/output/state").asText()).isEqualTo("CONNECTED");
                assertThat(i.at("/counters/input_received").asLong()).isPositive();
            });
        } finally {
            alice.close();
            bob.close();
        }
    }

    @Test
    void aBrokerThatComesUpIsConnectedAtTheNextAttempt() throws Exception {
        Eventually.within(Duration.ofSeconds(10), () -> feeds("later").at("/output/state").asText().equals("BACKING_OFF"));
        // Bound while the stream backs off; the wait grows to at most 10s.
        try (ServerSocket up = listen(laterPort)) {
            Eventually.within(Duration.ofSeconds(15), () -> feeds("later").at("/output/state").asText().equals("CONNECTED"));
            JsonNode recovered = feeds("later");
            assertThat(recovered.at("/output/failures").asInt()).isZero();
            assertThat(recovered.at("/output/last_error").asText()).containsIgnoringCase("refused"); // kept for diagnosis
            assertThat(recovered.at("/counters/output_connection_failed").asLong()).isPositive();
            assertThat(recovered.at("/counters/output_connection_up").asLong()).isEqualTo(1);
            Eventually.within(Duration.ofSeconds(10), () -> feeds("later").at("/counters/output_sent").asLong() > 0);
        }
    }

    @Test
    void unknownApiIs404AndTheSecretIsRequired() {
        HttpResponse<String> unknown = gateway.admin("GET", "/tyk/streams/nope", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.read(unknown.body()).get("status").asText()).isEqualTo("error");
        assertThat(Json.read(unknown.body()).get("message").asText()).isEqualTo("Stream API not found");

        assertThat(gateway.get("/tyk/streams").statusCode()).isEqualTo(403);
        assertThat(gateway.get("/tyk/streams/feeds").statusCode()).isEqualTo(403);
        assertThat(gateway.get("/tyk/streams", "x-tyk-authorization", "wrong").statusCode()).isEqualTo(403);
    }
}
