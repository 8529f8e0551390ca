package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.config.MetricsConfig;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.Scrape;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known traffic through a real gateway, then {@code GET /metrics}: exact counts per API and status class, per key
 * (alias or key hash, never the key), per stream (the dialect's names) and per consumer kind.
 */
class MetricsEndToEndTest {

    private static final String CHAT = """
            {"input": {"http_server": {"path": "/chat/publish", "ws_path": ""}},
             "output": {"http_server": {"path": "/chat/get", "stream_path": "/chat/sse", "ws_path": "/chat/ws",
                                        "ws_message_type": "text", "stream_format": "event_source"}},
             "pipeline": {"processors": [{"label": "stamp", "mapping": "root = this.merge({\\"seen\\": true})"}]}}
            """;

    @TempDir
    static Path dir;
    private static TestUpstream upstream;
    private static RunningGateway gateway;
    private static String alice;
    private static String bob;
    private static String bobHash;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream();
        ApiDocs shop = ApiDocs.keyless("obs-shop", "/obs-shop/", upstream.url()).authToken();
        shop.ext().withObjectProperty("server").putObject("detailedActivityLogs").put("enabled", true);
        gateway = RunningGateway.start(dir.resolve("apps"), shop,
                StreamApiDocs.of("obs-feed", "/obs-feed/").authToken().json("chat", CHAT).docs());
        alice = gateway.createKey("{\"alias\": \"alice\", \"access_rights\": {\"obs-shop\": {\"api_id\": \"obs-shop\"}, \"obs-feed\": {\"api_id\": \"obs-feed\"}}}");
        HttpResponse<String> created = gateway.admin("POST", "/tyk/keys", "{\"access_rights\": {\"obs-shop\": {\"api_id\": \"obs-shop\"}}}");
        JsonNode body = Json.read(created.body());
        bob = body.path("key").asText();
        bobHash = body.path("key_hash").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private static Scrape scrape() {
        HttpResponse<String> r = gateway.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return Scrape.parse(r.body());
    }

    @Test
    void requestsPerApiAndKeyAndStatusClass() {
        for (int i = 0; i < 4; i++) {
            assertThat(gateway.get("/obs-shop/bytes?n=1000", "Authorization", alice).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = gateway.send(gateway.request("/obs-shop/echo").header("Authorization", bob)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(50))).build());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.get("/obs-shop/bytes?n=10").statusCode()).isEqualTo(401);
        }
        // The response is recorded once written; the last one may be a moment behind the client.
        Eventually.within(Duration.ofSeconds(5), () -> scrape().sum("sluice_api_requests_total", "api", "obs-shop") == 9);
        Scrape s = scrape();
        assertThat(s.sum("sluice_api_requests_total", "api", "obs-shop", "status_class", "2xx")).isEqualTo(6);
        assertThat(s.sum("sluice_api_requests_total", "api", "obs-shop", "status_class", "4xx")).isEqualTo(3);
        assertThat(s.sum("sluice_api_requests_total", "api", "obs-shop", "status_class", "5xx")).isZero();
        assertThat(s.sum("sluice_api_latency_seconds_count", "api", "obs-shop")).isEqualTo(9);
        assertThat(s.sum("sluice_api_latency_seconds_bucket", "api", "obs-shop", "le", "+Inf")).isEqualTo(9);
        assertThat(s.sum("sluice_api_upstream_latency_seconds_count", "api", "obs-shop")).isEqualTo(6);
        assertThat(s.sum("sluice_api_bytes_in_total", "api", "obs-shop")).isEqualTo(100);
        assertThat(s.sum("sluice_key_requests_total", "api", "obs-shop", "key", "alice", "status_class", "2xx")).isEqualTo(4);
        assertThat(s.sum("sluice_key_bytes_out_total", "api", "obs-shop", "key", "alice")).isEqualTo(4000);
        assertThat(s.sum("sluice_key_requests_total", "api", "obs-shop", "key", bobHash, "status_class", "2xx")).isEqualTo(2);
        assertThat(s.sum("sluice_key_bytes_in_total", "api", "obs-shop", "key", bobHash)).isEqualTo(100);
        // the raw keys never appear
        String text = gateway.get("/metrics").body();
        assertThat(text).doesNotContain(alice).doesNotContain(bob);
    }

    @Test
    void messagesPerStreamAndConsumerKind() throws Exception {
        String ws = gateway.url("/obs-feed/chat/ws").replace("http://", "ws://");
        Clients.Ws first = Clients.Ws.open(ws, "Authorization", alice);
        Clients.Ws second = Clients.Ws.open(ws, "Authorization", alice);
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/obs-feed/chat/sse"), "Authorization", alice)) {
            Eventually.within(Duration.ofSeconds(10), () -> scrape().sum("sluice_consumers_connected", "stream", "obs-feed/chat") == 3);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = gateway.send(gateway.request("/obs-feed/chat/publish").header("Authorization", alice)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":" + i + "}")).build());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            Eventually.within(Duration.ofSeconds(10), () -> first.messages.size() == 5 && second.messages.size() == 5 && sse.data().size() == 5);
            Eventually.within(Duration.ofSeconds(5), () -> scrape().sum("sluice_consumer_messages_delivered_total", "stream", "obs-feed/chat") == 15);
            Scrape s = scrape();
            assertThat(s.sum("sluice_consumers_connected", "api", "obs-feed", "stream", "obs-feed/chat", "kind", "websocket")).isEqualTo(2);
            assertThat(s.sum("sluice_consumers_connected", "stream", "obs-feed/chat", "kind", "sse")).isEqualTo(1);
            assertThat(s.sum("sluice_consumers_connected", "stream", "obs-feed/chat", "kind", "get")).isZero();
            assertThat(s.sum("sluice_consumer_messages_delivered_total", "stream", "obs-feed/chat", "kind", "websocket")).isEqualTo(10);
            assertThat(s.sum("sluice_consumer_messages_delivered_total", "stream", "obs-feed/chat", "kind", "sse")).isEqualTo(5);
            assertThat(s.sum("sluice_consumer_messages_dropped_total", "stream", "obs-feed/chat")).isZero();
            // the stream itself, with the dialect's names
            assertThat(s.sum("input_received_total", "stream", "obs-feed/chat", "path", "root.input")).isEqualTo(5);
            assertThat(s.sum("output_sent_total", "stream", "obs-feed/chat", "path", "root.output")).isEqualTo(5);
            assertThat(s.sum("processor_received_total", "stream", "obs-feed/chat", "label", "stamp")).isEqualTo(5);
            assertThat(s.sum("processor_sent_total", "stream", "obs-feed/chat", "label", "stamp", "path", "root.pipeline.processors.0")).isEqualTo(5);
            assertThat(s.sum("processor_error_total", "stream", "obs-feed/chat")).isZero();
            // one batch in sixteen is timed: the first of the five
            assertThat(s.sum("processor_latency_seconds_count", "stream", "obs-feed/chat", "label", "stamp")).isEqualTo(1);
            assertThat(s.sum("output_batch_sent_total", "stream", "obs-feed/chat")).isEqualTo(5);
            assertThat(s.sum("input_connected", "stream", "obs-feed/chat")).isEqualTo(1);
            assertThat(s.sum("output_connection_up_total", "stream", "obs-feed/chat")).isEqualTo(1);
        } finally {
            first.close();
            second.close();
        }
        Eventually.within(Duration.ofSeconds(10), () -> scrape().sum("sluice_consumers_connected", "stream", "obs-feed/chat") == 0);
    }

    @Test
    void metricsCanMoveToAPortOfTheirOwn() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (RunningGateway moved = RunningGateway.start(dir.resolve("moved"),
                c -> c.withMetrics(new MetricsConfig(true, port, "127.0.0.1", false, 100, "", "datadog", 100)))) {
            assertThat(moved.get("/metrics").statusCode()).as("no longer on the gateway port").isEqualTo(404);
            HttpResponse<String> own = Clients.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).contains("# TYPE");
        }
    }

    @Test
    void metricsCanRequireTheManagementSecret() throws Exception {
        try (RunningGateway guarded = RunningGateway.start(dir.resolve("guarded"),
                c -> c.withMetrics(new MetricsConfig(true, 0, "", true, 100, "", "datadog", 100)))) {
            assertThat(guarded.get("/metrics").statusCode()).isEqualTo(403);
            HttpResponse<String> ok = guarded.get("/metrics", "x-tyk-authorization", RunningGateway.SECRET);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("# TYPE");
        }
    }
}
