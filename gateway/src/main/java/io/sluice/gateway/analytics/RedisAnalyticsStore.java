package io.sluice.gateway.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.storage.RedisStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records in a Redis sorted set scored by time ({@code <key_prefix>sluice-analytics}), shared by the nodes on the same
 * Redis: any node answers {@code /tyk/analytics} for all. Each member is a unique id and the record's JSON.
 */
public final class RedisAnalyticsStore implements AnalyticsStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String key;
    private final String node = Long.toHexString(Double.doubleToLongBits(Math.random()));
    private final AtomicLong seq = new AtomicLong();

    public RedisAnalyticsStore(StorageConfig storage) {
        this.client = RedisClient.create(RedisStorage.uri(storage));
        this.connection = client.connect();
        this.redis = connection.sync();
        this.key = (storage.keyPrefix() == null ? "" : storage.keyPrefix()) + "sluice-analytics";
    }

    /** The sorted set's name, for tests and operators. */
    public String key() {
        return key;
    }

    @Override
    public void write(List<AnalyticsRecord> records) throws Exception {
        List<ScoredValue<String>> values = new ArrayList<>(records.size());
        for (AnalyticsRecord r : records) {
            // A unique prefix: two identical records (same millisecond, same request) must both count.
            values.add(ScoredValue.just(r.timestamp(), node + ":" + seq.incrementAndGet() + " " + JSON.writeValueAsString(r)));
        }
        if (!values.isEmpty()) redis.zadd(key, values.toArray(ScoredValue[]::new));
    }

    @Override
    public List<AnalyticsBucket> query(AnalyticsQuery query) throws Exception {
        List<String> members = redis.zrangebyscore(key, Range.create(query.from(), Math.max(query.from(), query.to() - 1)));
        List<AnalyticsRecord> records = new ArrayList<>(members.size());
        for (String m : members) records.add(JSON.readValue(m.substring(m.indexOf(' ') + 1), AnalyticsRecord.class));
        return AnalyticsStore.bucketed(query, records);
    }

    @Override
    public void expire(long beforeMillis) {
        redis.zremrangebyscore(key, Range.create(Double.NEGATIVE_INFINITY, (double) beforeMillis - 1));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
