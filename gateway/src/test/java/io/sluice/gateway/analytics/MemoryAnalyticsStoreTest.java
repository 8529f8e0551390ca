package io.sluice.gateway.analytics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryAnalyticsStoreTest {

    private static AnalyticsRecord record(long timestamp, int status) {
        return new AnalyticsRecord(timestamp, "shop", "Shop", "org", "hash-1", "ada", "GET", "/items/" + timestamp, status,
                1.5, 0.5, 10, 20, null, "rest", 0, "203.0.113.7", null);
    }

    /** One bucket per record (bucket 1 ms), so the buckets list exactly the records kept, oldest first. */
    private static List<Long> kept(MemoryAnalyticsStore store) {
        List<Long> starts = new ArrayList<>();
        for (AnalyticsBucket b : store.query(new AnalyticsQuery(null, null, null, 0, Long.MAX_VALUE, 1))) {
            starts.add(Instant.parse(b.start()).toEpochMilli());
        }
        return starts;
    }

    @Test
    void keepsTheNewestUpToTheLimitInOrderAcrossGrowthAndWrapping() {
        MemoryAnalyticsStore store = new MemoryAnalyticsStore(3_000); // starts with room for 1,024, grows to 3,000
        List<AnalyticsRecord> batch = new ArrayList<>();
        for (long t = 1; t <= 3_500; t++) batch.add(record(t, 200));
        store.write(batch.subList(0, 900));
        store.write(batch.subList(900, 3_500));

        List<Long> kept = kept(store);
        assertThat(kept).hasSize(3_000);
        assertThat(kept.getFirst()).isEqualTo(501);
        assertThat(kept.getLast()).isEqualTo(3_500);
        assertThat(kept).isSorted();
    }

    @Test
    void expiresFromTheOldestAndAnswersWithEveryField() {
        MemoryAnalyticsStore store = new MemoryAnalyticsStore(4);
        store.write(List.of(record(10, 200), record(20, 500), record(30, 200), record(40, 404), record(50, 200)));
        store.expire(35);

        assertThat(kept(store)).containsExactly(40L, 50L);
        List<AnalyticsBucket> one = store.query(new AnalyticsQuery("shop", "ada", null, 40, 41, 1));
        assertThat(one).singleElement().satisfies(b -> {
            assertThat(b.count()).isEqualTo(1);
            assertThat(b.errors()).isEqualTo(1);
            assertThat(b.bytesIn()).isEqualTo(10);
            assertThat(b.bytesOut()).isEqualTo(20);
            assertThat(b.latencyP99()).isEqualTo(1.5);
        });
        assertThat(store.query(new AnalyticsQuery("other", null, null, 0, 100, 1))).isEmpty();
    }
}
