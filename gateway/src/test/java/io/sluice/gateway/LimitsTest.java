package io.sluice.gateway;

import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits, quotas and throttling, exact at their edges, through real HTTP. */
class LimitsTest {

    @TempDir
    static Path apps;
    static TestUpstream upstream;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream();
        ApiDocs endpointLimited = ApiDocs.keyless("endpoint", "/endpoint/", upstream.url());
        endpointLimited.operation("GET", "/limited", "limited").putObject("rateLimit").put("enabled", true).put("rate", 2).put("per", "10s");
        gateway = RunningGateway.start(apps,
                ApiDocs.keyless("a", "/a/", upstream.url()).authToken(),
                ApiDocs.keyless("b", "/b/", upstream.url()).authToken(),
                endpointLimited);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static HttpResponse<String> call(String api, String key) {
        return gateway.get("/" + api + "/x", "Authorization", key);
    }

    @Test
    void rateLimitIsExactAndReportsHeaders() throws Exception {
        String key = gateway.createKey("{\"rate\": 3, \"per\": 1}");
        long start = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = call("a", key);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
        }
        HttpResponse<String> limited = call("a", key);
        long answered = System.currentTimeMillis();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Json.read(limited.body()).get("error").asText()).isEqualTo("Rate limit exceeded");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        long reset = Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        // The window of the first hit ends one period after it (rounded up to a second): no later than the answer + 2 s.
        assertThat(reset).isBetween(start / 1000, answered / 1000 + 2);

        Thread.sleep(Math.max(0, start + 1100 - System.currentTimeMillis()));
        assertThat(call("a", key).statusCode()).isEqualTo(200);
    }

    @Test
    void slidingWindowAllowsNoDoubleBurstAtAWindowEdge() throws Exception {
        String key = gateway.createKey("{\"rate\": 5, \"per\": 2}");
        for (int i = 0; i < 5; i++) {
            assertThat(call("a", key).statusCode()).isEqualTo(200);
        }
        long burstEnd = System.currentTimeMillis();
        // Whatever fixed window boundary lies in between, the last 2 s already hold 5 requests.
        Thread.sleep(1000);
        for (int i = 0; i < 5; i++) {
            assertThat(call("a", key).statusCode()).isEqualTo(429);
        }
        Thread.sleep(Math.max(0, burstEnd + 2100 - System.currentTimeMillis()));
        for (int i = 0; i < 5; i++) {
            assertThat(call("a", key).statusCode()).isEqualTo(200);
        }
        assertThat(call("a", key).statusCode()).isEqualTo(429);
    }

    @Test
    void quotaIsExactAndRenews() throws Exception {
        String key = gateway.createKey("{\"quota_max\": 3, \"quota_renewal_rate\": 2}");
        long start = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            assertThat(call("a", key).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> exceeded = call("a", key);
        assertThat(exceeded.statusCode()).isEqualTo(403);
        assertThat(Json.read(exceeded.body()).get("error").asText()).isEqualTo("Quota exceeded");
        var stored = Json.read(gateway.admin("GET", "/tyk/keys/" + key, null).body());
        assertThat(stored.get("quota_remaining").asLong()).isZero();
        assertThat(stored.get("quota_renews").asLong()).isGreaterThanOrEqualTo(start / 1000);

        Thread.sleep(Math.max(0, start + 2200 - System.currentTimeMillis()));
        assertThat(call("a", key).statusCode()).isEqualTo(200);
    }

    @Test
    void updatingAKeyResetsItsQuota() {
        String key = gateway.createKey("{\"quota_max\": 1, \"quota_renewal_rate\": 3600}");
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        assertThat(call("a", key).statusCode()).isEqualTo(403);
        assertThat(gateway.admin("PUT", "/tyk/keys/" + key, "{\"quota_max\": 1, \"quota_renewal_rate\": 3600}").statusCode()).isEqualTo(200);
        assertThat(call("a", key).statusCode()).isEqualTo(200);
    }

    @Test
    void throttlingRetriesInsteadOfFailing() {
        String key = gateway.createKey("{\"rate\": 1, \"per\": 1, \"throttle_interval\": 0.4, \"throttle_retry_limit\": 4}");
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        long before = System.currentTimeMillis();
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        assertThat(System.currentTimeMillis() - before).isGreaterThanOrEqualTo(700);

        String impatient = gateway.createKey("{\"rate\": 1, \"per\": 5, \"throttle_interval\": 0.1, \"throttle_retry_limit\": 2}");
        assertThat(call("a", impatient).statusCode()).isEqualTo(200);
        assertThat(call("a", impatient).statusCode()).isEqualTo(429);
    }

    @Test
    void perApiLimitsAreCountedPerApi() {
        String key = gateway.createKey("""
                {"rate": 100, "per": 1,
                 "access_rights": {"a": {"api_id": "a", "limit": {"rate": 2, "per": 10}}, "b": {"api_id": "b"}}}""");
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        assertThat(call("a", key).statusCode()).isEqualTo(429);
        for (int i = 0; i < 5; i++) {
            assertThat(call("b", key).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void endpointRateLimitCountsAllCallers() {
        assertThat(gateway.get("/endpoint/limited").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/endpoint/limited").statusCode()).isEqualTo(200);
        HttpResponse<String> third = gateway.get("/endpoint/limited");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Json.read(third.body()).get("error").asText()).isEqualTo("API Rate Limit Exceeded");
        assertThat(gateway.get("/endpoint/other").statusCode()).isEqualTo(200);
    }

    @Test
    void policiesGiveLimitsAndChangesApplyAtOnce() {
        assertThat(gateway.admin("POST", "/tyk/policies", """
                {"id": "gold", "rate": 2, "per": 10, "quota_max": -1, "access_rights": {"a": {"api_id": "a"}}}""").statusCode()).isEqualTo(200);
        assertThat(gateway.admin("POST", "/tyk/policies", """
                {"id": "extra", "rate": 1, "per": 10, "quota_max": 50, "quota_renewal_rate": 3600,
                 "access_rights": {"a": {"api_id": "a"}, "b": {"api_id": "b"}}}""").statusCode()).isEqualTo(200);
        String key = gateway.createKey("{\"apply_policies\": [\"gold\", \"extra\"]}");
        // Merged: both APIs allowed, the higher rate (2 per 10 s) wins.
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        assertThat(call("a", key).statusCode()).isEqualTo(200);
        assertThat(call("a", key).statusCode()).isEqualTo(429);

        String goldOnly = gateway.createKey("{\"apply_policies\": [\"gold\"]}");
        assertThat(call("b", goldOnly).statusCode()).isEqualTo(403);
        assertThat(gateway.admin("PUT", "/tyk/policies/gold", """
                {"rate": 2, "per": 10, "quota_max": -1, "access_rights": {"a": {"api_id": "a"}, "b": {"api_id": "b"}}}""").statusCode()).isEqualTo(200);
        assertThat(call("b", goldOnly).statusCode()).isEqualTo(200);
        assertThat(gateway.admin("PUT", "/tyk/policies/gold", """
                {"is_inactive": true, "access_rights": {"a": {"api_id": "a"}, "b": {"api_id": "b"}}}""").statusCode()).isEqualTo(200);
        assertThat(call("b", goldOnly).statusCode()).isEqualTo(403);
    }
}
