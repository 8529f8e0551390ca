package io.sluice.gateway.streamapi;

import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code consumer_group} on an {@code http_server} output, as in Tyk's documented example
 * ({@code consumer_group: "$tyk_context.request_ip"}): connections of one group share the messages (each goes to one of
 * them), every group receives every message, and the value is filled per connection without making the stream a
 * template (one stream instance, whatever the number of groups).
 */
class ConsumerGroupTest {

    private static final String FEED = """
            {"input": {"http_server": {"path": "/feed/publish", "ws_path": ""}},
             "output": {"http_server": {"path": "", "stream_path": "", "ws_path": "/subscribe",
                                        "ws_message_type": "text", "consumer_group": "$tyk_context.request_ip"}}}
            """;

    @TempDir
    static Path dir;
    private static RunningGateway gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir.resolve("apps"), StreamApiDocs.of("groups", "/groups/").authToken().json("feed", FEED).docs());
        key = gateway.createKey("{\"access_rights\": {\"groups\": {\"api_id\": \"groups\"}}}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Clients.Ws from(String ip) throws Exception {
        return Clients.Ws.open(gateway.url("/groups/subscribe").replace("http://", "ws://"), "Authorization", key, "X-Forwarded-For", ip);
    }

    private static List<String> publish(String tag, int count) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"tag\":\"" + tag + "\",\"seq\":" + i + "}";
            HttpResponse<String> r = gateway.send(gateway.request("/groups/feed/publish").header("Authorization", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            sent.add(body);
        }
        return sent;
    }

    @Test
    void connectionsOfAGroupShareTheMessagesAndEveryGroupGetsThemAll() throws Exception {
        Clients.Ws a1 = from("10.0.0.1");
        Clients.Ws a2 = from("10.0.0.1");
        Clients.Ws b = from("10.0.0.2");
        try {
            Eventually.within(Duration.ofSeconds(10), () -> {
                var s = gateway.gateway().streamApis().streamsOf("groups").orElseThrow().running("feed");
                return s != null && s.metrics().get("http_server_consumers_connected") - s.metrics().get("http_server_consumers_disconnected") >= 3;
            });
            List<String> sent = publish("g", 60);
            Eventually.within(Duration.ofSeconds(10), () -> b.messages.size() == 60 && a1.messages.size() + a2.messages.size() >= 60);
            assertThat(b.messages).containsExactlyElementsOf(sent);
            List<String> groupA = new ArrayList<>(a1.messages);
            groupA.addAll(a2.messages);
            // each message went to exactly one member of group A, each member in order
            assertThat(groupA).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(a1.messages).isSortedAccordingTo((x, y) -> Integer.compare(sent.indexOf(x), sent.indexOf(y)));
            assertThat(a2.messages).isSortedAccordingTo((x, y) -> Integer.compare(sent.indexOf(x), sent.indexOf(y)));

            // filled per connection: still one stream, not a template with an instance per address
            var view = gateway.gateway().streamApis().streamsOf("groups").orElseThrow();
            assertThat(view.template("feed")).isFalse();
            assertThat(view.running("feed")).isNotNull();
        } finally {
            a1.close();
            a2.close();
            b.close();
        }
    }

    @Test
    void aGroupEndsWithItsLastMemberAndANewMemberStartsAtTheNextMessage() throws Exception {
        Clients.Ws first = from("10.0.0.9");
        try {
            Eventually.within(Duration.ofSeconds(10), () -> {
                var s = gateway.gateway().streamApis().streamsOf("groups").orElseThrow().running("feed");
                return s != null && s.metrics().get("http_server_consumers_connected") - s.metrics().get("http_server_consumers_disconnected") >= 1;
            });
            List<String> before = publish("before", 3);
            Eventually.within(Duration.ofSeconds(10), () -> first.messages.size() == 3);
            assertThat(first.messages).containsExactlyElementsOf(before);
        } finally {
            first.close();
        }
        Eventually.within(Duration.ofSeconds(10), () -> {
            var s = gateway.gateway().streamApis().streamsOf("groups").orElseThrow().running("feed");
            return s.metrics().get("http_server_consumers_connected") - s.metrics().get("http_server_consumers_disconnected") == 0;
        });
        publish("between", 2); // no member: nobody of the group gets these
        Clients.Ws second = from("10.0.0.9");
        try {
            Eventually.within(Duration.ofSeconds(10), () -> {
                var s = gateway.gateway().streamApis().streamsOf("groups").orElseThrow().running("feed");
                return s.metrics().get("http_server_consumers_connected") - s.metrics().get("http_server_consumers_disconnected") >= 1;
            });
            List<String> after = publish("after", 2);
            Eventually.within(Duration.ofSeconds(10), () -> second.messages.size() >= 2);
            assertThat(second.messages).containsExactlyElementsOf(after);
        } finally {
            second.close();
        }
    }

    @Test
    void theSeedExampleOfTykDocsIsAccepted() {
        // the output of the documented example, with an input that runs here instead of its Kafka one
        HttpResponse<String> r = gateway.admin("POST", "/tyk/apis/oas", StreamApiDocs.of("seed", "/seed/").yaml("test", """
                input:
                  generate: {interval: 1s, mapping: 'root = "x"'}
                output:
                  http_server:
                    consumer_group: "$tyk_context.request_ip"
                    ws_path: /subscribe
                """).json());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        HttpResponse<String> shared = gateway.admin("POST", "/tyk/apis/oas", StreamApiDocs.of("seed2", "/seed2/").yaml("test", """
                input:
                  generate: {interval: 1s, mapping: 'root = "x"'}
                output:
                  http_server: {consumer_group: workers, delivery: shared}
                """).json());
        assertThat(shared.statusCode()).isEqualTo(400);
        assertThat(shared.body()).contains("consumer_group needs delivery: broadcast");
    }
}
