package io.sluice.gateway.streamapi;

import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-subscriber filters and projections ({@code ?filter=<Bloblang>&fields=a,b}) through the real gateway: a filtered
 * WebSocket consumer receives exactly the matching messages, cut to the asked fields, while an unfiltered one receives
 * all; the key's quota counts only what was delivered; filters are refused (400) on an API that does not enable them,
 * and when they do not compile or reach for what the sandbox refuses.
 */
class SubscriberFilterTest {

    private static final String ORDERS = """
            {"input": {"http_server": {"path": "/orders/publish", "ws_path": ""}},
             "output": {"http_server": {"path": "/orders/get", "stream_path": "/orders/sse", "ws_path": "/orders/ws",
                                        "ws_message_type": "text", "stream_format": "event_source"}}}
            """;

    @TempDir
    static Path dir;
    private static RunningGateway gateway;
    private static String publisher;

    @BeforeAll
    static void start() throws Exception {
        StreamApiDocs filtered = StreamApiDocs.of("shop", "/shop/").authToken().json("orders", ORDERS);
        filtered.streaming().put("subscriber_filters", true);
        StreamApiDocs plain = StreamApiDocs.of("plain", "/plain/").authToken().json("orders", ORDERS);
        gateway = RunningGateway.start(dir.resolve("apps"), filtered.docs(), plain.docs());
        publisher = gateway.createKey("{\"access_rights\": {\"shop\": {\"api_id\": \"shop\"}, \"plain\": {\"api_id\": \"plain\"}}}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String ws(String path) {
        return gateway.url(path).replace("http://", "ws://");
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> publish(String tag, int count) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"tag\":\"" + tag + "\",\"id\":\"o" + i + "\",\"amount\":" + (i * 300) + ",\"customer\":{\"name\":\"c" + i + "\",\"tier\":\"gold\"}}";
            HttpResponse<String> r = gateway.send(gateway.request("/shop/orders/publish").header("Authorization", publisher)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            sent.add(body);
        }
        return sent;
    }

    private static void awaitConsumers(long atLeast) {
        Eventually.within(Duration.ofSeconds(10), () -> {
            var s = gateway.gateway().streamApis().streamsOf("shop").orElseThrow().running("orders");
            return s != null && s.metrics().get("http_server_consumers_connected") - s.metrics().get("http_server_consumers_disconnected") >= atLeast;
        });
    }

    private static List<String> tagged(String tag, List<String> messages) {
        return messages.stream().filter(m -> m.contains("\"tag\":\"" + tag + "\"") || !m.contains("\"tag\"")).toList();
    }

    @Test
    void aFilteredConsumerGetsExactlyTheMatchingMessagesWhileAnUnfilteredOneGetsAll() throws Exception {
        String key = gateway.createKey("{\"access_rights\": {\"shop\": {\"api_id\": \"shop\"}}}");
        Clients.Ws all = Clients.Ws.open(ws("/shop/orders/ws"), "Authorization", key);
        Clients.Ws big = Clients.Ws.open(ws("/shop/orders/ws?filter=" + q("this.amount > 1000 && this.tag == \"both\"")
                + "&fields=" + q("id,amount,customer.name")), "Authorization", key);
        try {
            awaitConsumers(2);
            List<String> sent = publish("both", 10); // amounts 0, 300, ..., 2700: 1200 and up match
            Eventually.within(Duration.ofSeconds(10), () -> all.messages.size() >= 10 && big.messages.size() >= 6);
            assertThat(all.messages).containsExactlyElementsOf(sent);
            List<String> expected = new ArrayList<>();
            for (int i = 4; i < 10; i++) {
                expected.add("{\"id\":\"o" + i + "\",\"amount\":" + (i * 300) + ",\"customer\":{\"name\":\"c" + i + "\"}}");
            }
            // nothing more arrives later: a message after the batch is the marker that everything before it was seen
            publish("marker", 1);
            Eventually.within(Duration.ofSeconds(10), () -> all.messages.size() == 11);
            // compared as JSON values: the order of an object's fields is not part of it
            assertThat(big.messages.stream().map(Json::read).toList()).containsExactlyElementsOf(expected.stream().map(Json::read).toList());
        } finally {
            all.close();
            big.close();
        }
    }

    @Test
    void theQuotaCountsOnlyDeliveredMessages() throws Exception {
        String key = gateway.createKey("{\"quota_max\": 4, \"quota_renewal_rate\": 3600, \"access_rights\": {\"shop\": {\"api_id\": \"shop\"}}}");
        Clients.Ws ws = Clients.Ws.open(ws("/shop/orders/ws?filter=" + q("this.tag == \"quota\" && this.amount >= 2100")), "Authorization", key);
        try {
            awaitConsumers(1);
            publish("quota", 10); // three match: 2100, 2400, 2700
            Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() == 3);
            // the quota (4) was not used up by the seven others: the connection is still open and one unit is left
            Eventually.within(Duration.ofSeconds(10), () -> Json.read(gateway.admin("GET", "/tyk/keys/" + key, null).body())
                    .path("quota_remaining").asLong() == 1);
            assertThat(ws.closed).isNotDone();
        } finally {
            ws.close();
        }
    }

    @Test
    void filtersAreRefusedWhereTheApiDoesNotAllowThemOrTheSandboxForbidsThem() throws Exception {
        String key = gateway.createKey("{\"access_rights\": {\"shop\": {\"api_id\": \"shop\"}, \"plain\": {\"api_id\": \"plain\"}}}");
        HttpResponse<String> plain = gateway.get("/plain/orders/sse?filter=" + q("this.amount > 1"), "Authorization", key);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("subscriber_filters");
        assertThat(Clients.Ws.refusedWith(ws("/plain/orders/ws?fields=id"), "Authorization", key)).isEqualTo(400);

        assertThat(gateway.get("/shop/orders/sse?filter=" + q("this.amount >"), "Authorization", key).statusCode()).isEqualTo(400);
        HttpResponse<String> env = gateway.get("/shop/orders/sse?filter=" + q("env(\"HOME\") != \"\""), "Authorization", key);
        assertThat(env.statusCode()).isEqualTo(400);
        assertThat(env.body()).contains("env()");
        HttpResponse<String> repeat = gateway.get("/shop/orders/get?filter=" + q("\"x\".repeat(100000000).length() > 0"), "Authorization", key);
        assertThat(repeat.statusCode()).isEqualTo(400);
        assertThat(repeat.body()).contains("repeat()");
        assertThat(gateway.get("/shop/orders/get?filter=" + q("range(0, 100000000).length() > 0"), "Authorization", key).statusCode()).isEqualTo(400);
        assertThat(gateway.get("/shop/orders/get?fields=" + q("a,../b"), "Authorization", key).statusCode()).isEqualTo(400);
        // a filter without a key is still a 401: the chain runs first
        assertThat(gateway.get("/shop/orders/sse?filter=" + q("true")).statusCode()).isEqualTo(401);
    }
}
