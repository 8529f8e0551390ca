package io.sluice.gateway.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.sluice.gateway.apidef.SharedApiDefinitions;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.policy.Policy;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.session.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Storage shared by every gateway node through Redis (Lettuce, asynchronous: the event loop never waits on it).
 * Key names follow Tyk's ({@code apikey-<hash>}, {@code quota-<scope>-<hash>}, {@code rate-limit-...}); counters are
 * updated by small Lua scripts so each check is one atomic round trip. Rate windows use Redis' own clock, so nodes
 * with skewed clocks still agree.
 */
public final class RedisStorage implements GatewayStorage {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStorage.class);

    /**
     * Sliding log: drop hits older than the window, count the rest, and count up to ARGV[4] more hits at this instant,
     * as many as fit under the limit (one for a request, a block for stream allowance).
     */
    private static final String SLIDING_LOG_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local window = tonumber(ARGV[2]) * 1000
            local limit = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            local granted = math.max(0, math.min(tonumber(ARGV[4]), limit - count))
            for i = 1, granted do
              redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3] .. '-' .. i)
            end
            count = count + granted
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local reset = now
            if oldest[2] then reset = tonumber(oldest[2]) + window end
            return {granted, count, math.floor(reset / 1000)}
            """;

    /** Quota: add the units, start the renewal clock on first use, take them back when they do not fit. */
    private static final String QUOTA_SCRIPT = """
            local used = redis.call('INCRBY', KEYS[1], ARGV[3])
            if tonumber(ARGV[2]) > 0 and redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('EXPIRE', KEYS[1], ARGV[2])
            end
            local allowed = 1
            if used > tonumber(ARGV[1]) then
              used = redis.call('DECRBY', KEYS[1], ARGV[3])
              allowed = 0
            end
            return {allowed, used, redis.call('PTTL', KEYS[1])}
            """;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final String prefix;
    private final String channel;
    private final Keys keys = new Keys();
    private final Policies policies = new Policies();
    private final Counters counters = new Counters();
    private final Bus bus = new Bus();
    private final ApiDefinitions apiDefinitions = new ApiDefinitions();

    /**
     * Connects now, so a wrong host or password is reported at start-up rather than on the first request.
     *
     * @param prefix prepended to every Redis key and the notification channel; lets test runs and several gateways
     *               share one Redis without seeing each other
     */
    public RedisStorage(StorageConfig config, String prefix) {
        this.prefix = prefix;
        this.channel = prefix + "sluice.cluster.notifications";
        this.resources = quickReconnects();
        this.client = RedisClient.create(resources, uri(config));
        try {
            this.connection = client.connect();
            this.redis = connection.async();
            this.pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("Cannot connect to Redis at " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                bus.deliver(message);
            }
        });
        pubSub.sync().subscribe(channel);
    }

    /** The Redis address, database and credentials of a storage config (also used by the cluster's connections). */
    public static RedisURI uri(StorageConfig config) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(config.host())
                .withPort(config.port())
                .withDatabase(config.database())
                .withSsl(config.useSsl())
                .withTimeout(Duration.ofMillis(config.timeoutMillis()));
        if (!config.password().isEmpty()) {
            if (config.username().isEmpty()) {
                uri.withPassword(config.password().toCharArray());
            } else {
                uri.withAuthentication(config.username(), config.password());
            }
        }
        return uri.build();
    }

    /**
     * Client resources whose reconnect attempts stay at most a second apart: Lettuce's default backs off to 30 s, so a
     * node would keep failing requests for that long after a Redis restart or a network cut had healed.
     */
    public static ClientResources quickReconnects() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    @Override public KeyStore keys() { return keys; }
    @Override public PolicyStore policies() { return policies; }
    @Override public LimitCounters counters() { return counters; }
    @Override public ClusterBus bus() { return bus; }
    @Override public SharedApiDefinitions sharedApis() { return apiDefinitions; }
    @Override public String type() { return "redis"; }

    @Override
    public Future<Void> ping() {
        return onCallerContext(redis.ping()).mapEmpty();
    }

    @Override
    public void close() {
        pubSub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Lettuce completes on its own threads; hop back to the caller's Vert.x context so handlers stay on their loop. */
    private static <T> Future<T> onCallerContext(CompletionStage<T> stage) {
        Context context = Vertx.currentContext();
        return context != null ? Future.fromCompletionStage(stage, context) : Future.fromCompletionStage(stage);
    }

    private static String toJson(Object value) {
        try {
            return GatewayJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fromJson(String json, Class<T> type) {
        try {
            return GatewayJson.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " in Redis: " + e.getOriginalMessage(), e);
        }
    }

    private final class Keys implements KeyStore {
        private final List<Consumer<KeyEvent>> listeners = new CopyOnWriteArrayList<>();

        private String redisKey(String keyHash) {
            return prefix + "apikey-" + keyHash;
        }

        @Override
        public Future<Optional<Session>> find(String keyHash) {
            return onCallerContext(redis.get(redisKey(keyHash)))
                    .map(json -> json == null ? Optional.<Session>empty() : Optional.of(fromJson(json, Session.class)));
        }

        @Override
        public Future<Void> save(String keyHash, Session session) {
            String json = toJson(session);
            return onCallerContext(redis.set(redisKey(keyHash), json)).map(ok -> {
                notifyLocal(new KeyEvent.Saved(keyHash, session));
                bus.publish(new ClusterMessage(ClusterMessage.Kind.KEY_SAVED, keyHash, bus.nodeId(), json));
                return null;
            });
        }

        @Override
        public Future<Boolean> delete(String keyHash) {
            return onCallerContext(redis.del(redisKey(keyHash))).map(removed -> {
                if (removed > 0) {
                    notifyLocal(new KeyEvent.Deleted(keyHash));
                    bus.publish(new ClusterMessage(ClusterMessage.Kind.KEY_DELETED, keyHash, bus.nodeId()));
                }
                return removed > 0;
            });
        }

        @Override
        public Future<List<String>> list() {
            List<String> found = new ArrayList<>();
            String pattern = prefix + "apikey-*";
            return scan(ScanCursor.INITIAL, pattern, found).map(v -> found);
        }

        private Future<Void> scan(ScanCursor cursor, String pattern, List<String> found) {
            return onCallerContext(redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500))).compose((KeyScanCursor<String> page) -> {
                int cut = (prefix + "apikey-").length();
                page.getKeys().forEach(k -> found.add(k.substring(cut)));
                return page.isFinished() ? Future.succeededFuture() : scan(page, pattern, found);
            });
        }

        @Override
        public void addListener(Consumer<KeyEvent> listener) {
            listeners.add(listener);
        }

        void notifyLocal(KeyEvent event) {
            listeners.forEach(l -> l.accept(event));
        }

        /** Another node changed a key; messages arrive in publication order, so listeners see changes in order. */
        void changedElsewhere(ClusterMessage message) {
            if (message.kind() == ClusterMessage.Kind.KEY_DELETED) {
                notifyLocal(new KeyEvent.Deleted(message.subject()));
            } else if (message.kind() == ClusterMessage.Kind.KEY_SAVED && message.payload() != null) {
                notifyLocal(new KeyEvent.Saved(message.subject(), fromJson(message.payload(), Session.class)));
            }
        }
    }

    private final class Policies implements PolicyStore {
        private String hashKey() {
            return prefix + "sluice-policies";
        }

        @Override
        public Future<Map<String, Policy>> loadAll() {
            return onCallerContext(redis.hgetall(hashKey())).map(all -> {
                Map<String, Policy> result = new LinkedHashMap<>();
                all.forEach((id, json) -> result.put(id, fromJson(json, Policy.class)));
                return result;
            });
        }

        @Override
        public Future<Void> save(Policy policy) {
            return onCallerContext(redis.hset(hashKey(), policy.id(), toJson(policy))).mapEmpty();
        }

        @Override
        public Future<Boolean> delete(String id) {
            return onCallerContext(redis.hdel(hashKey(), id)).map(n -> n > 0);
        }
    }

    /** A hash of API id to document; an empty value marks an API deleted through the management API. */
    private final class ApiDefinitions implements SharedApiDefinitions {
        private String hashKey() {
            return prefix + "sluice-apis";
        }

        @Override
        public Map<String, String> loadAll() throws IOException {
            Map<String, String> out = new LinkedHashMap<>();
            await(redis.hgetall(hashKey())).forEach((id, json) -> out.put(id, json.isEmpty() ? null : json));
            return out;
        }

        @Override
        public void save(String id, String documentJson) throws IOException {
            await(redis.hset(hashKey(), id, documentJson));
        }

        @Override
        public void delete(String id) throws IOException {
            await(redis.hset(hashKey(), id, ""));
        }

        private <T> T await(CompletionStage<T> stage) throws IOException {
            try {
                return stage.toCompletableFuture().get(connection.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while talking to Redis", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("cannot reach the shared API definitions in Redis: " + e.getMessage(), e);
            }
        }
    }

    private final class Counters implements LimitCounters {
        @Override
        public Future<RateGrant> hitUpTo(String bucket, long limit, long windowMillis, long units) {
            String member = Long.toHexString(ThreadLocalRandom.current().nextLong());
            CompletionStage<List<Object>> result = redis.eval(SLIDING_LOG_SCRIPT, ScriptOutputType.MULTI,
                    new String[]{prefix + "rate-limit-" + bucket}, Long.toString(limit), Long.toString(windowMillis), member,
                    Long.toString(units));
            return onCallerContext(result).map(values -> {
                long granted = (Long) values.get(0);
                long count = (Long) values.get(1);
                long reset = (Long) values.get(2);
                return new RateGrant(granted, Math.max(0, limit - count), reset);
            });
        }

        @Override
        public Future<QuotaUsage> consumeQuota(String bucket, long max, long renewalSeconds, long units) {
            CompletionStage<List<Object>> result = redis.eval(QUOTA_SCRIPT, ScriptOutputType.MULTI,
                    new String[]{prefix + "quota-" + bucket}, Long.toString(max), Long.toString(renewalSeconds), Long.toString(units));
            return onCallerContext(result).map(values -> {
                boolean allowed = (Long) values.get(0) == 1L;
                long used = (Long) values.get(1);
                long ttlMillis = (Long) values.get(2);
                return new QuotaUsage(allowed, max, Math.max(0, max - used), renewsAt(ttlMillis));
            });
        }

        @Override
        public Future<QuotaUsage> peekQuota(String bucket, long max) {
            String key = prefix + "quota-" + bucket;
            Future<String> used = onCallerContext(redis.get(key));
            Future<Long> ttl = onCallerContext(redis.pttl(key));
            return Future.all(used, ttl).map(both -> {
                long count = used.result() == null ? 0 : Long.parseLong(used.result());
                return new QuotaUsage(count < max, max, Math.max(0, max - count), renewsAt(ttl.result()));
            });
        }

        private long renewsAt(long ttlMillis) {
            return ttlMillis > 0 ? (System.currentTimeMillis() + ttlMillis) / 1000 : 0;
        }

        @Override
        public Future<Void> resetQuota(String bucket) {
            return onCallerContext(redis.del(prefix + "quota-" + bucket)).mapEmpty();
        }

        @Override
        public Future<Void> resetRate(String bucket) {
            return onCallerContext(redis.del(prefix + "rate-limit-" + bucket)).mapEmpty();
        }
    }

    private final class Bus implements ClusterBus {
        private final String nodeId = UUID.randomUUID().toString();
        private final List<Consumer<ClusterMessage>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public void publish(ClusterMessage message) {
            redis.publish(channel, toJson(message)).exceptionally(e -> {
                LOG.warn("Could not publish cluster notification {}: {}", message.kind(), e.getMessage());
                return 0L;
            });
        }

        @Override
        public void subscribe(Consumer<ClusterMessage> listener) {
            listeners.add(listener);
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        void deliver(String json) {
            ClusterMessage message;
            try {
                message = GatewayJson.MAPPER.readValue(json, ClusterMessage.class);
            } catch (JsonProcessingException e) {
                LOG.warn("Ignoring unreadable cluster notification: {}", e.getOriginalMessage());
                return;
            }
            if (nodeId.equals(message.origin())) {
                return;
            }
            keys.changedElsewhere(message);
            listeners.forEach(l -> l.accept(message));
        }
    }
}
