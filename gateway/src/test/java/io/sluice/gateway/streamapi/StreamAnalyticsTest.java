package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.config.AnalyticsConfig;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Analytics records of stream deliveries: one per batch written to each consumer connection, read back per stream and key. */
class StreamAnalyticsTest {

    private static final String CHAT = """
            {"input": {"http_server": {"path": "/publish", "ws_path": ""}},
             "output": {"http_server": {"path": "/get", "stream_path": "/sse", "ws_path": "/ws", "ws_message_type": "text"}}}
            """;

    @TempDir
    Path dir;

    @Test
    void everyMessageDeliveredToEveryConsumerIsInTheRecords() throws Exception {
        AnalyticsConfig d = AnalyticsConfig.defaults();
        try (RunningGateway gateway = RunningGateway.start(dir.resolve("apps"),
                c -> c.withAnalytics(true, new AnalyticsConfig(false, 1.0, d.retentionSeconds(), d.memoryLimit(), 50, d.postgres())),
                StreamApiDocs.of("an-feed", "/an-feed/").authToken().json("chat", CHAT).docs())) {
            String carol = gateway.createKey("{\"alias\": \"carol\", \"access_rights\": {\"an-feed\": {\"api_id\": \"an-feed\"}}}");
            String ws = gateway.url("/an-feed/ws").replace("http://", "ws://");
            Clients.Ws first = Clients.Ws.open(ws, "Authorization", carol);
            Clients.Ws second = Clients.Ws.open(ws, "Authorization", carol);
            try {
                Eventually.within(Duration.ofSeconds(10), () -> {
                    var s = gateway.gateway().streamApis().streamsOf("an-feed").orElseThrow().running("chat");
                    return s != null && s.metrics().get("http_server_consumers_connected") == 2;
                });
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = gateway.send(gateway.request("/an-feed/publish").header("Authorization", carol)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build());
                    assertThat(r.statusCode()).isEqualTo(200);
                }
                Eventually.within(Duration.ofSeconds(10), () -> first.messages.size() == 3 && second.messages.size() == 3);
                String query = "/tyk/analytics?stream=an-feed/chat&key=carol";
                Eventually.within(Duration.ofSeconds(5), () -> Json.read(gateway.admin("GET", query, null).body()).path("messages").asLong() == 6);
                JsonNode answer = Json.read(gateway.admin("GET", query, null).body());
                assertThat(answer.path("messages").asLong()).isEqualTo(6);
                assertThat(answer.path("count").asLong()).as("one record per batch per connection").isBetween(2L, 6L);
                assertThat(answer.path("errors").asLong()).isZero();
                // the publishing requests are REST records of the same API, without a stream
                JsonNode api = Json.read(gateway.admin("GET", "/tyk/analytics?api=an-feed", null).body());
                assertThat(api.path("count").asLong()).isGreaterThanOrEqualTo(answer.path("count").asLong() + 3);
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
