package io.sluice.gateway.services;

import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.policy.PolicyRegistry;
import io.sluice.gateway.session.AccessDefinition;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.storage.LimitCounters;
import io.sluice.gateway.storage.MemoryStorage;
import io.sluice.gateway.storage.QuotaUsage;
import io.sluice.gateway.storage.RateGrant;
import io.sluice.gateway.storage.RedisStorage;
import io.sluice.gateway.support.RedisRequirement;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-message admission in blocks: never more than the limits allow (also across two nodes sharing the machine's
 * Redis), exactly the limits when they are small, and far fewer storage calls than messages when demand is high.
 * Against the storages' real counters; for the memory storage, with the calls that reach them counted.
 */
class MessageLeasesTest {

    /** The storage's counters, counting the calls that reach them. */
    private static final class CountedCounters implements LimitCounters {
        final LimitCounters real;
        final AtomicInteger calls = new AtomicInteger();

        CountedCounters(LimitCounters real) {
            this.real = real;
        }

        @Override
        public Future<RateGrant> hitUpTo(String bucket, long limit, long windowMillis, long units) {
            calls.incrementAndGet();
            return real.hitUpTo(bucket, limit, windowMillis, units);
        }

        @Override
        public Future<QuotaUsage> consumeQuota(String bucket, long max, long renewalSeconds, long units) {
            calls.incrementAndGet();
            return real.consumeQuota(bucket, max, renewalSeconds, units);
        }

        @Override
        public Future<QuotaUsage> peekQuota(String bucket, long max) {
            return real.peekQuota(bucket, max);
        }

        @Override
        public Future<Void> resetQuota(String bucket) {
            return real.resetQuota(bucket);
        }

        @Override
        public Future<Void> resetRate(String bucket) {
            return real.resetRate(bucket);
        }
    }

    private final MemoryStorage storage = new MemoryStorage();
    private final CountedCounters counters = new CountedCounters(storage.counters());
    private final MessageLeases leases = new MessageLeases(new SessionLookup(storage.keys(), new PolicyRegistry()),
            new LimitKeeper(counters), SessionGuard::refusal);

    @AfterEach
    void close() {
        storage.close();
    }

    private String key(String name, Session session) {
        storage.keys().save(name, session).toCompletionStage().toCompletableFuture().join();
        return name;
    }

    private SessionGuard.Admission admit(String key, String api) {
        return leases.admit(key, api).toCompletionStage().toCompletableFuture().join();
    }

    private int allowed(String key, int messages) {
        int allowed = 0;
        for (int i = 0; i < messages; i++) {
            if (admit(key, "s") instanceof SessionGuard.Admission.Allowed) allowed++;
        }
        return allowed;
    }

    @Test
    void underHighDemandBlocksGrowAndStorageCallsAreFewerThanMessages() {
        String key = key("big", Session.builder().quota(1_000_000, 3600).rate(10_000_000, 60).build());
        assertThat(allowed(key, 20_000)).isEqualTo(20_000);
        // two calls (rate, quota) per block; blocks double from 1 to 1,000
        assertThat(counters.calls.get()).isLessThan(100);
    }

    @Test
    void aSmallQuotaIsCountedExactly() {
        String key = key("small", Session.builder().quota(5, 3600).build());
        assertThat(allowed(key, 10)).isEqualTo(5);
        assertThat(admit(key, "s")).isEqualTo(new SessionGuard.Admission.Denied(403, "Quota exceeded"));
    }

    @Test
    void aQuotaIsNeverExceededByConcurrentConnections() throws Exception {
        String key = key("shared", Session.builder().quota(3_000, 3600).build());
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 1_000; i++) {
                    if (admit(key, "s") instanceof SessionGuard.Admission.Allowed) allowed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(allowed.get()).isEqualTo(3_000);
    }

    @Test
    void aRateLimitAdmitsItsHitsThenRefusesWithoutAskingAgainEachTime() {
        String key = key("rated", Session.builder().rate(50, 60).build());
        assertThat(allowed(key, 500)).isEqualTo(50);
        int callsAfterRefusal = counters.calls.get();
        assertThat(admit(key, "s")).isEqualTo(new SessionGuard.Admission.Denied(429, "Rate limit exceeded"));
        assertThat(counters.calls.get()).isEqualTo(callsAfterRefusal);
    }

    @Test
    void twoNodesOnOneRedisNeverAdmitMoreThanTheLimitsTogether() throws Exception {
        RedisRequirement.check();
        String prefix = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (RedisStorage one = new RedisStorage(StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT), prefix);
             RedisStorage two = new RedisStorage(StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT), prefix)) {
            one.keys().save("quota", Session.builder().quota(2_000, 3600).build()).toCompletionStage().toCompletableFuture().join();
            one.keys().save("rate", Session.builder().rate(500, 60).build()).toCompletionStage().toCompletableFuture().join();
            List<MessageLeases> nodes = List.of(
                    new MessageLeases(new SessionLookup(one.keys(), new PolicyRegistry()), new LimitKeeper(one.counters()), SessionGuard::refusal),
                    new MessageLeases(new SessionLookup(two.keys(), new PolicyRegistry()), new LimitKeeper(two.counters()), SessionGuard::refusal));
            for (String key : List.of("quota", "rate")) {
                AtomicInteger allowed = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(6);
                for (int t = 0; t < 6; t++) {
                    MessageLeases node = nodes.get(t % 2);
                    pool.execute(() -> {
                        for (int i = 0; i < 1_000; i++) {
                            var admission = node.admit(key, "s").toCompletionStage().toCompletableFuture().join();
                            if (admission instanceof SessionGuard.Admission.Allowed) allowed.incrementAndGet();
                        }
                    });
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                assertThat(allowed.get()).as(key).isEqualTo(key.equals("quota") ? 2_000 : 500);
            }
            one.counters().resetQuota("quota").toCompletionStage().toCompletableFuture().join();
            one.counters().resetRate("rate").toCompletionStage().toCompletableFuture().join();
            one.keys().delete("quota").toCompletionStage().toCompletableFuture().join();
            one.keys().delete("rate").toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void unknownKeysAndOtherApisAreRefused() {
        String key = key("scoped", Session.builder().quota(100, 3600)
                .access("a", AccessDefinition.forApi("a")).build());
        assertThat(admit(key, "a")).isInstanceOf(SessionGuard.Admission.Allowed.class);
        assertThat(admit(key, "b")).isEqualTo(new SessionGuard.Admission.Denied(403, "Access to this API has been disallowed"));
        assertThat(admit("nobody", "a")).isEqualTo(new SessionGuard.Admission.Denied(403, "Access to this API has been disallowed"));
    }
}
