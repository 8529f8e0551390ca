package io.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.config.AnalyticsConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RedisRequirement;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known traffic, then {@code GET /tyk/analytics}: the same buckets whether the records went to memory, to the
 * machine's Redis or to its PostgreSQL (db {@code test}).
 */
class AnalyticsEndToEndTest {

    static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path dir;

    private static AnalyticsConfig analytics(AnalyticsConfig.Postgres postgres) {
        AnalyticsConfig d = AnalyticsConfig.defaults();
        return new AnalyticsConfig(false, 1.0, d.retentionSeconds(), d.memoryLimit(), 50, postgres);
    }

    /** 5 requests with alice's key, 2 with bob's, 3 without a key (401): then the buckets per API and per key. */
    private void trafficAndBuckets(String apiId, UnaryOperator<GatewayConfig> tweak) throws Exception {
        try (TestUpstream upstream = new TestUpstream();
             RunningGateway gateway = RunningGateway.start(dir.resolve(apiId), tweak,
                     ApiDocs.keyless(apiId, "/" + apiId + "/", upstream.url()).authToken())) {
            String rights = "\"access_rights\": {\"" + apiId + "\": {\"api_id\": \"" + apiId + "\"}}";
            String alice = gateway.createKey("{\"alias\": \"alice\", " + rights + "}");
            JsonNode bob = Json.read(gateway.admin("POST", "/tyk/keys", "{" + rights + "}").body());
            long from = System.currentTimeMillis() - 1;
            for (int i = 0; i < 5; i++) assertThat(gateway.get("/" + apiId + "/bytes?n=100", "Authorization", alice).statusCode()).isEqualTo(200);
            for (int i = 0; i < 2; i++) assertThat(gateway.get("/" + apiId + "/bytes?n=10", "Authorization", bob.path("key").asText()).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) assertThat(gateway.get("/" + apiId + "/x").statusCode()).isEqualTo(401);
            String range = "&from=" + Instant.ofEpochMilli(from - 60_000) + "&to=" + Instant.ofEpochMilli(System.currentTimeMillis() + 60_000);

            // A record is queued when the response is written; the query flushes the queue first. The last response may
            // still be on its way out when the client has it, so wait for it (bounded) before asserting the rest.
            String perApi = "/tyk/analytics?api=" + apiId + "&bucket=1m" + range;
            Eventually.within(Duration.ofSeconds(5), () -> query(gateway, perApi).path("count").asLong() >= 10);
            JsonNode all = query(gateway, perApi);
            assertThat(all.path("count").asLong()).isEqualTo(10);
            assertThat(all.path("errors").asLong()).isEqualTo(3);
            assertThat(all.path("bucket").asText()).isEqualTo("1m");
            long inBuckets = 0;
            long errors = 0;
            long bytesOut = 0;
            for (JsonNode b : all.path("buckets")) {
                inBuckets += b.path("count").asLong();
                errors += b.path("errors").asLong();
                bytesOut += b.path("bytes_out").asLong();
                assertThat(Instant.parse(b.path("start").asText()).toEpochMilli() % 60_000).isZero();
                assertThat(b.path("latency_p99").asDouble()).isGreaterThanOrEqualTo(b.path("latency_p50").asDouble()).isPositive();
            }
            assertThat(inBuckets).isEqualTo(10);
            assertThat(errors).isEqualTo(3);
            assertThat(bytesOut).as("5 x 100 + 2 x 10 bytes from the upstream, plus the three error bodies").isGreaterThan(520);

            JsonNode byAlias = query(gateway, "/tyk/analytics?api=" + apiId + "&key=alice" + range);
            assertThat(byAlias.path("count").asLong()).isEqualTo(5);
            assertThat(byAlias.path("errors").asLong()).isZero();
            JsonNode byHash = query(gateway, "/tyk/analytics?key=" + bob.path("key_hash").asText() + range);
            assertThat(byHash.path("count").asLong()).isEqualTo(2);
            assertThat(query(gateway, "/tyk/analytics?api=no-such-api" + range).path("count").asLong()).isZero();
            assertThat(gateway.admin("GET", "/tyk/analytics?bucket=soon", null).statusCode()).isEqualTo(400);
            assertThat(gateway.get("/tyk/analytics").statusCode()).as("the management secret is required").isEqualTo(403);
        }
    }

    private static JsonNode query(RunningGateway gateway, String path) {
        HttpResponse<String> r = gateway.admin("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.read(r.body());
    }

    @Test
    void fromMemory() throws Exception {
        trafficAndBuckets("an-mem", c -> c.withAnalytics(true, analytics(AnalyticsConfig.defaults().postgres())));
    }

    @Test
    void fromRedis() throws Exception {
        RedisRequirement.check();
        String prefix = "sluice-an-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        trafficAndBuckets("an-redis", c -> c.withStorage(StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT).withKeyPrefix(prefix))
                .withAnalytics(true, analytics(AnalyticsConfig.defaults().postgres())));
    }

    @Test
    void fromPostgres() throws Exception {
        String table = "sluice_an_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            trafficAndBuckets("an-pg", c -> c.withAnalytics(true, analytics(new AnalyticsConfig.Postgres(POSTGRES_URL, "postgres", "", table))));
        } finally {
            try (var connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "")) {
                connection.createStatement().execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(dir.resolve("off"))) {
            assertThat(gateway.admin("GET", "/tyk/analytics", null).statusCode()).isEqualTo(404);
        }
    }
}
