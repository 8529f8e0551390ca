package io.sluice.gateway.analytics;

import java.util.ArrayDeque;
import java.util.List;

/** Records in memory, oldest dropped first past {@code limit}: for a single gateway without Redis. */
public final class MemoryAnalyticsStore implements AnalyticsStore {

    private final int limit;
    private final ArrayDeque<AnalyticsRecord> records = new ArrayDeque<>();

    public MemoryAnalyticsStore(int limit) {
        this.limit = Math.max(1, limit);
    }

    @Override
    public synchronized void write(List<AnalyticsRecord> batch) {
        for (AnalyticsRecord r : batch) {
            if (records.size() == limit) records.removeFirst();
            records.addLast(r);
        }
    }

    @Override
    public synchronized List<AnalyticsBucket> query(AnalyticsQuery query) {
        return AnalyticsStore.bucketed(query, List.copyOf(records));
    }

    @Override
    public synchronized void expire(long beforeMillis) {
        // Written in time order (within a flush interval), so the old ones are at the front.
        while (!records.isEmpty() && records.peekFirst().timestamp() < beforeMillis) records.removeFirst();
    }
}
