package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code /tyk/streams/{apiId}} tells a status page beyond connection states: consumers connected per kind
 * (WebSocket, SSE) and a sampled tail of the messages the stream published.
 */
class StreamLiveStateTest {

    @TempDir
    static Path dir;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir.resolve("apps"), StreamApiDocs.of("live", "/live/").yaml("ticks", """
                input:
                  generate:
                    interval: 20ms
                    mapping: 'root = {"n": counter()}'
                output:
                  http_server:
                    ws_path: /ws
                    stream_path: /sse
                    ws_message_type: text
                """).docs());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static JsonNode ticks() {
        return Json.read(gateway.admin("GET", "/tyk/streams/live", null).body()).path("streams").get(0);
    }

    @Test
    void the_status_counts_consumers_per_kind_and_samples_recent_messages() throws Exception {
        Clients.Ws ws = Clients.Ws.open(gateway.url("/live/ws").replace("http://", "ws://"));
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/live/sse"))) {
            Eventually.within(Duration.ofSeconds(10), () -> !ws.messages.isEmpty() && !sse.events.isEmpty());
            JsonNode counters = ticks().path("counters");
            assertThat(counters.path("http_server_consumers_connected_websocket").asLong()
                    - counters.path("http_server_consumers_disconnected_websocket").asLong()).isEqualTo(1);
            assertThat(counters.path("http_server_consumers_connected_sse").asLong()
                    - counters.path("http_server_consumers_disconnected_sse").asLong()).isEqualTo(1);
        } finally {
            ws.close();
        }

        Eventually.within(Duration.ofSeconds(10), () -> ticks().path("tail").size() >= 3);
        JsonNode tail = ticks().path("tail");
        assertThat(tail.size()).isLessThanOrEqualTo(10);
        assertThat(tail.get(0).path("text").asText()).startsWith("{\"n\":");
        assertThat(tail.get(1).path("sequence").asLong()).isGreaterThan(tail.get(0).path("sequence").asLong());
        Eventually.within(Duration.ofSeconds(10), () -> ticks().path("counters").path("http_server_consumers_disconnected_websocket").asLong() == 1);
    }
}
