package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key's rules apply to every message, not only at connect: quota and rate limit count delivered messages
 * ({@code limits: messages}, the default) or connections ({@code limits: connections}); a key that is deleted, made
 * inactive or expires is disconnected within a second with the reason; {@code allowed_urls} apply per stream path.
 */
class StreamApiSecurityTest {

    private static final String TICKER = """
            input:
              generate:
                interval: 10ms
                mapping: 'root = {"n": counter()}'
            output:
              http_server:
                path: /ticker/get
                stream_path: /ticker/sse
                ws_path: /ticker/ws
                ws_message_type: text
            """;

    @TempDir
    static Path dir;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir.resolve("apps"),
                StreamApiDocs.of("metered", "/metered/").authToken().yaml("ticker", TICKER).docs(),
                StreamApiDocs.of("per-conn", "/per-conn/").authToken().option("limits", "connections").yaml("ticker", TICKER).docs());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String ws(String path) {
        return gateway.url(path).replace("http://", "ws://");
    }

    private static String key(String api, String extra) {
        return gateway.createKey("{" + extra + (extra.isEmpty() ? "" : ", ") + "\"access_rights\": {\"" + api + "\": {\"api_id\": \"" + api + "\"}}}");
    }

    @Test
    void theQuotaCountsMessagesAndClosesTheConnectionWhenUsedUp() throws Exception {
        String key = key("metered", "\"quota_max\": 5, \"quota_renewal_rate\": 3600");
        Clients.Ws ws = Clients.Ws.open(ws("/metered/ticker/ws"), "Authorization", key);
        assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1008 Quota exceeded");
        assertThat(ws.messages).hasSize(5); // the connection itself was not counted
        StreamApiEndToEndTest.assertConsecutive(Clients.jsonField(ws.messages, "n"));
        // used up: a new connection is refused before it opens
        assertThat(Clients.Ws.refusedWith(ws("/metered/ticker/ws"), "Authorization", key)).isEqualTo(403);
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/metered/ticker/sse?key=" + key))) {
            assertThat(sse.status).isEqualTo(403);
            assertThat(Json.read(sse.body).path("error").asText()).isEqualTo("Quota exceeded");
        }
    }

    @Test
    void theRateLimitSkipsMessagesButKeepsTheConnection() throws Exception {
        String key = key("metered", "\"rate\": 5, \"per\": 3600");
        Clients.Ws ws = Clients.Ws.open(ws("/metered/ticker/ws"), "Authorization", key);
        Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() >= 5);
        // Counted by the stream, not by a clock: 50 more messages go out while this key is over its rate.
        long sent = tickerSent();
        Eventually.within(Duration.ofSeconds(20), () -> tickerSent() >= sent + 50);
        assertThat(ws.messages).hasSize(5);
        assertThat(ws.closed).isNotDone();
        ws.close();
    }

    /** Messages the metered API's ticker stream has handed to its output, from the management API. */
    private static long tickerSent() {
        JsonNode api = Json.read(gateway.admin("GET", "/tyk/streams/metered", null).body());
        for (JsonNode st : api.get("streams")) {
            if (st.get("name").asText().equals("ticker")) return st.at("/counters/output_sent").asLong();
        }
        throw new AssertionError("no ticker stream in " + api);
    }

    @Test
    void withLimitsConnectionsEachConnectionCountsAndMessagesFlow() throws Exception {
        String key = key("per-conn", "\"quota_max\": 2, \"quota_renewal_rate\": 3600");
        Clients.Ws first = Clients.Ws.open(ws("/per-conn/ticker/ws"), "Authorization", key);
        Clients.Ws second = Clients.Ws.open(ws("/per-conn/ticker/ws"), "Authorization", key);
        Eventually.within(Duration.ofSeconds(10), () -> first.messages.size() > 20 && second.messages.size() > 20);
        assertThat(Clients.Ws.refusedWith(ws("/per-conn/ticker/ws"), "Authorization", key)).isEqualTo(403);
        assertThat(first.closed).isNotDone();
        first.close();
        second.close();
    }

    @Test
    void aDeletedKeyIsDisconnectedWithItsReason() throws Exception {
        String key = key("metered", "");
        Clients.Ws ws = Clients.Ws.open(ws("/metered/ticker/ws"), "Authorization", key);
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/metered/ticker/sse"), "Authorization", key)) {
            Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() > 3 && sse.data().size() > 3);
            assertThat(gateway.admin("DELETE", "/tyk/keys/" + key, null).statusCode()).isEqualTo(200);
            assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1008 Key has been deleted");
            sse.ended.get(10, TimeUnit.SECONDS);
            assertThat(sse.events.getLast()).isEqualTo(new Clients.Event(null, "error", "{\"error\":\"Key has been deleted\"}"));
        }
    }

    @Test
    void anInactiveKeyIsDisconnected() throws Exception {
        String key = key("metered", "");
        Clients.Ws ws = Clients.Ws.open(ws("/metered/ticker/ws"), "Authorization", key);
        Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() > 3);
        HttpResponse<String> update = gateway.admin("PUT", "/tyk/keys/" + key,
                "{\"is_inactive\": true, \"access_rights\": {\"metered\": {\"api_id\": \"metered\"}}}");
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        assertThat(ws.closed.get(1, TimeUnit.SECONDS)).isEqualTo("1008 Key is inactive, please renew");
    }

    @Test
    void anExpiringKeyIsDisconnectedWithinASecondOfItsExpiry() throws Exception {
        long expires = System.currentTimeMillis() / 1000 + 2;
        String key = key("metered", "\"expires\": " + expires);
        Clients.Ws ws = Clients.Ws.open(ws("/metered/ticker/ws"), "Authorization", key);
        assertThat(ws.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1008 Key has expired, please renew");
        // Tyk's rule: expired once the clock passes "expires"
        assertThat(System.currentTimeMillis()).isLessThan((expires + 2) * 1000);
        assertThat(ws.messages).isNotEmpty();
    }

    @Test
    void allowedUrlsApplyPerStreamPath() throws Exception {
        String key = gateway.createKey("{\"access_rights\": {\"metered\": {\"api_id\": \"metered\", "
                + "\"allowed_urls\": [{\"url\": \"/ticker/sse\", \"methods\": [\"GET\"]}]}}}");
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/metered/ticker/sse"), "Authorization", key)) {
            assertThat(sse.status).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(10), () -> sse.data().size() > 3);
        }
        assertThat(Clients.Ws.refusedWith(ws("/metered/ticker/ws"), "Authorization", key)).isEqualTo(403);
        HttpResponse<String> get = gateway.get("/metered/ticker/get", "Authorization", key);
        assertThat(get.statusCode()).isEqualTo(403);
        assertThat(Json.read(get.body()).path("error").asText()).isEqualTo("Access to this resource has been disallowed");
    }
}
