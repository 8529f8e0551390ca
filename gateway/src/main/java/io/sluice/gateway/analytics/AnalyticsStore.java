package io.sluice.gateway.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where analytics records are kept: memory, Redis or PostgreSQL. Called from the writer's own thread, never an event loop. */
public interface AnalyticsStore extends AutoCloseable {

    void write(List<AnalyticsRecord> records) throws Exception;

    /** Buckets in time order; buckets without records are left out. */
    List<AnalyticsBucket> query(AnalyticsQuery query) throws Exception;

    /** Drops records older than {@code beforeMillis}. */
    void expire(long beforeMillis) throws Exception;

    @Override
    default void close() {
    }

    /** Buckets from records already filtered by the query. */
    static List<AnalyticsBucket> bucketed(AnalyticsQuery query, Iterable<AnalyticsRecord> records) {
        Map<Long, List<AnalyticsRecord>> byBucket = new TreeMap<>();
        for (AnalyticsRecord r : records) {
            if (query.matches(r)) byBucket.computeIfAbsent(query.bucketOf(r.timestamp()), b -> new ArrayList<>()).add(r);
        }
        List<AnalyticsBucket> out = new ArrayList<>();
        byBucket.forEach((start, list) -> out.add(AnalyticsBucket.of(start, list)));
        return out;
    }
}
