package io.sluice.gateway;

import io.sluice.gateway.services.SessionGuard;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-message API for stream APIs: same limits as requests, and revocation notices within a second. */
class SessionGuardTest {

    @TempDir
    Path apps;

    static SessionGuard.Admission admit(SessionGuard guard, String keyHash, String api) throws Exception {
        return guard.admit(keyHash, api).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void admitsMessagesAgainstRateAndQuota() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(apps)) {
            String hash = Json.read(gateway.admin("POST", "/tyk/keys", "{\"rate\": 2, \"per\": 60, \"access_rights\": {\"s\": {\"api_id\": \"s\"}}}").body())
                    .get("key_hash").asText();
            SessionGuard guard = gateway.gateway().sessionGuard();
            assertThat(admit(guard, hash, "s")).isInstanceOf(SessionGuard.Admission.Allowed.class);
            assertThat(admit(guard, hash, "s")).isInstanceOf(SessionGuard.Admission.Allowed.class);
            assertThat(admit(guard, hash, "s")).isEqualTo(new SessionGuard.Admission.Denied(429, "Rate limit exceeded"));
            assertThat(admit(guard, hash, "other")).isEqualTo(new SessionGuard.Admission.Denied(403, "Access to this API has been disallowed"));
            assertThat(admit(guard, "unknown", "s")).isInstanceOf(SessionGuard.Admission.Denied.class);

            String quotaHash = Json.read(gateway.admin("POST", "/tyk/keys", "{\"quota_max\": 1, \"quota_renewal_rate\": 60}").body()).get("key_hash").asText();
            assertThat(admit(guard, quotaHash, "s")).isInstanceOf(SessionGuard.Admission.Allowed.class);
            assertThat(admit(guard, quotaHash, "s")).isEqualTo(new SessionGuard.Admission.Denied(403, "Quota exceeded"));
        }
    }

    @Test
    void watchersHearOfDeletionDeactivationAndExpiry() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(apps)) {
            SessionGuard guard = gateway.gateway().sessionGuard();
            List<SessionGuard.Revocation> heard = new CopyOnWriteArrayList<>();

            String deleted = gateway.createKey("{}");
            guard.watch(gateway.gateway().services().hasher().storageId(deleted), heard::add);
            gateway.admin("DELETE", "/tyk/keys/" + deleted, null);
            Eventually.within(Duration.ofSeconds(10), () -> heard.contains(SessionGuard.Revocation.DELETED));

            String deactivated = gateway.createKey("{}");
            guard.watch(gateway.gateway().services().hasher().storageId(deactivated), heard::add);
            gateway.admin("PUT", "/tyk/keys/" + deactivated, "{\"is_inactive\": true}");
            Eventually.within(Duration.ofSeconds(10), () -> heard.contains(SessionGuard.Revocation.INACTIVE));

            String expiring = gateway.createKey("{\"expires\": " + (System.currentTimeMillis() / 1000 + 1) + "}");
            guard.watch(gateway.gateway().services().hasher().storageId(expiring), heard::add);
            Eventually.within(Duration.ofSeconds(10), () -> heard.contains(SessionGuard.Revocation.EXPIRED));

            String closed = gateway.createKey("{}");
            SessionGuard.Watch watch = guard.watch(gateway.gateway().services().hasher().storageId(closed), heard::add);
            watch.close();
            gateway.admin("DELETE", "/tyk/keys/" + closed, null);
            // A marker deleted after it, on a watch that is open: once its event is in, the closed watch's would be too.
            List<SessionGuard.Revocation> markerHeard = new CopyOnWriteArrayList<>();
            String marker = gateway.createKey("{}");
            guard.watch(gateway.gateway().services().hasher().storageId(marker), markerHeard::add);
            gateway.admin("DELETE", "/tyk/keys/" + marker, null);
            Eventually.within(Duration.ofSeconds(10), () -> markerHeard.contains(SessionGuard.Revocation.DELETED));
            assertThat(heard).hasSize(3);
        }
    }
}
