package io.sluice.gateway.storage;

import io.sluice.gateway.policy.Policy;
import io.sluice.gateway.session.Session;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Storage for a single gateway node: everything lives in this process and is gone on restart.
 * Operations complete immediately, so the request path never waits on it.
 */
public final class MemoryStorage implements GatewayStorage {

    private final Keys keys = new Keys();
    private final Policies policies = new Policies();
    private final Counters counters = new Counters();
    private final Bus bus = new Bus();
    private final LongSupplier clock;
    private final ScheduledExecutorService sweeper;

    public MemoryStorage() {
        this(System::currentTimeMillis);
    }

    MemoryStorage(LongSupplier clock) {
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sluice-memory-sweeper").factory());
        sweeper.scheduleWithFixedDelay(counters::sweep, 30, 30, TimeUnit.SECONDS);
    }

    @Override public KeyStore keys() { return keys; }
    @Override public PolicyStore policies() { return policies; }
    @Override public LimitCounters counters() { return counters; }
    @Override public ClusterBus bus() { return bus; }
    @Override public String type() { return "memory"; }
    @Override public Future<Void> ping() { return Future.succeededFuture(); }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    private static final class Keys implements KeyStore {
        private final Map<String, Session> sessions = new ConcurrentHashMap<>();
        private final List<Consumer<KeyEvent>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Future<Optional<Session>> find(String keyHash) {
            return Future.succeededFuture(Optional.ofNullable(sessions.get(keyHash)));
        }

        @Override
        public Future<Void> save(String keyHash, Session session) {
            sessions.put(keyHash, session);
            listeners.forEach(l -> l.accept(new KeyEvent.Saved(keyHash, session)));
            return Future.succeededFuture();
        }

        @Override
        public Future<Boolean> delete(String keyHash) {
            boolean existed = sessions.remove(keyHash) != null;
            if (existed) {
                listeners.forEach(l -> l.accept(new KeyEvent.Deleted(keyHash)));
            }
            return Future.succeededFuture(existed);
        }

        @Override
        public Future<List<String>> list() {
            return Future.succeededFuture(new ArrayList<>(sessions.keySet()));
        }

        @Override
        public void addListener(Consumer<KeyEvent> listener) {
            listeners.add(listener);
        }
    }

    private static final class Policies implements PolicyStore {
        private final Map<String, Policy> byId = new ConcurrentHashMap<>();

        @Override
        public Future<Map<String, Policy>> loadAll() {
            return Future.succeededFuture(new LinkedHashMap<>(byId));
        }

        @Override
        public Future<Void> save(Policy policy) {
            byId.put(policy.id(), policy);
            return Future.succeededFuture();
        }

        @Override
        public Future<Boolean> delete(String id) {
            return Future.succeededFuture(byId.remove(id) != null);
        }
    }

    private static final class QuotaCounter {
        long used;
        long renewsAtMillis; // 0: not started, or never renews
    }

    private final class Counters implements LimitCounters {
        private final Map<String, SlidingLog> rateLogs = new ConcurrentHashMap<>();
        private final Map<String, Long> rateWindows = new ConcurrentHashMap<>();
        private final Map<String, QuotaCounter> quotas = new ConcurrentHashMap<>();

        @Override
        public Future<RateGrant> hitUpTo(String bucket, long limit, long windowMillis, long units) {
            rateWindows.put(bucket, windowMillis);
            SlidingLog log = rateLogs.computeIfAbsent(bucket, b -> new SlidingLog());
            return Future.succeededFuture(log.hitUpTo(clock.getAsLong(), limit, windowMillis, units));
        }

        @Override
        public Future<QuotaUsage> consumeQuota(String bucket, long max, long renewalSeconds, long units) {
            QuotaCounter counter = quotas.computeIfAbsent(bucket, b -> new QuotaCounter());
            long now = clock.getAsLong();
            synchronized (counter) {
                if (counter.renewsAtMillis != 0 && now >= counter.renewsAtMillis) {
                    counter.used = 0;
                    counter.renewsAtMillis = 0;
                }
                if (counter.used == 0 && counter.renewsAtMillis == 0 && renewalSeconds > 0) {
                    counter.renewsAtMillis = now + renewalSeconds * 1000;
                }
                boolean fits = counter.used + units <= max;
                if (fits) {
                    counter.used += units;
                }
                return Future.succeededFuture(new QuotaUsage(fits, max, Math.max(0, max - counter.used), counter.renewsAtMillis / 1000));
            }
        }

        @Override
        public Future<QuotaUsage> peekQuota(String bucket, long max) {
            QuotaCounter counter = quotas.get(bucket);
            if (counter == null) {
                return Future.succeededFuture(new QuotaUsage(max > 0, max, max, 0));
            }
            synchronized (counter) {
                boolean renewed = counter.renewsAtMillis != 0 && clock.getAsLong() >= counter.renewsAtMillis;
                long used = renewed ? 0 : counter.used;
                return Future.succeededFuture(new QuotaUsage(used < max, max, Math.max(0, max - used), renewed ? 0 : counter.renewsAtMillis / 1000));
            }
        }

        @Override
        public Future<Void> resetQuota(String bucket) {
            quotas.remove(bucket);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> resetRate(String bucket) {
            rateLogs.remove(bucket);
            rateWindows.remove(bucket);
            return Future.succeededFuture();
        }

        /** Drops idle rate logs and renewed quota counters so memory follows the active keys, not every key ever seen. */
        void sweep() {
            long now = clock.getAsLong();
            rateLogs.entrySet().removeIf(e -> e.getValue().isIdle(now, rateWindows.getOrDefault(e.getKey(), 0L)));
            quotas.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().renewsAtMillis != 0 && now >= e.getValue().renewsAtMillis;
                }
            });
        }
    }

    /** A memory node is alone: there is nobody to tell. */
    private static final class Bus implements ClusterBus {
        private final String nodeId = UUID.randomUUID().toString();

        @Override public void publish(ClusterMessage message) { }
        @Override public void subscribe(Consumer<ClusterMessage> listener) { }
        @Override public String nodeId() { return nodeId; }
    }
}
