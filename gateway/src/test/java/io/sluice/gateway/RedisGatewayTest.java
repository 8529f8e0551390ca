package io.sluice.gateway;

import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.services.SessionGuard;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RedisRequirement;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Two gateway nodes on the machine's Redis share keys, policies, rate limits and quotas, and hear of revocations. */
class RedisGatewayTest {

    @TempDir
    Path appsA;
    @TempDir
    Path appsB;

    @Test
    void nodesShareKeysLimitsAndNotifications() throws Exception {
        RedisRequirement.check();
        String prefix = "sluice-gw-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        StorageConfig redis = StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT).withKeyPrefix(prefix);
        try (TestUpstream upstream = new TestUpstream();
             RunningGateway a = RunningGateway.start(appsA, c -> c.withStorage(redis), ApiDocs.keyless("api", "/api/", upstream.url()).authToken());
             RunningGateway b = RunningGateway.start(appsB, c -> c.withStorage(redis), ApiDocs.keyless("api", "/api/", upstream.url()).authToken())) {

            assertThat(a.admin("POST", "/tyk/policies", "{\"id\": \"shared\", \"rate\": 3, \"per\": 10, \"quota_max\": 5, \"quota_renewal_rate\": 60, \"access_rights\": {\"api\": {\"api_id\": \"api\"}}}")
                    .statusCode()).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(2), () -> b.gateway().services().policies().find("shared").isPresent());
            String key = a.createKey("{\"apply_policies\": [\"shared\"]}");

            // The rate limit (3 per 10 s) is one counter across both nodes.
            assertThat(a.get("/api/x", "Authorization", key).statusCode()).isEqualTo(200);
            assertThat(b.get("/api/x", "Authorization", key).statusCode()).isEqualTo(200);
            assertThat(a.get("/api/x", "Authorization", key).statusCode()).isEqualTo(200);
            assertThat(b.get("/api/x", "Authorization", key).statusCode()).isEqualTo(429);

            List<SessionGuard.Revocation> heardOnB = new CopyOnWriteArrayList<>();
            b.gateway().sessionGuard().watch(b.gateway().services().hasher().storageId(key), heardOnB::add);
            assertThat(a.admin("DELETE", "/tyk/keys/" + key, null).statusCode()).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(1), () -> heardOnB.contains(SessionGuard.Revocation.DELETED));
            assertThat(b.get("/api/x", "Authorization", key).statusCode()).isEqualTo(403);

            String quotaKey = b.createKey("{\"quota_max\": 2, \"quota_renewal_rate\": 60}");
            assertThat(a.get("/api/x", "Authorization", quotaKey).statusCode()).isEqualTo(200);
            assertThat(b.get("/api/x", "Authorization", quotaKey).statusCode()).isEqualTo(200);
            assertThat(a.get("/api/x", "Authorization", quotaKey).statusCode()).isEqualTo(403);
            assertThat(a.admin("DELETE", "/tyk/keys/" + quotaKey, null).statusCode()).isEqualTo(200);
            assertThat(a.admin("DELETE", "/tyk/policies/shared", null).statusCode()).isEqualTo(200);
        }
    }
}
