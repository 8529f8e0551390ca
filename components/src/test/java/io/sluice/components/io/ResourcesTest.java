package io.sluice.components.io;

import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory cache and the local rate limit, driven by a hand-moved clock. */
class ResourcesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private MemoryCache cache(Duration ttl, Duration compaction, Map<String, String> init) {
        return new MemoryCache(ttl, compaction, 4, init, now::get);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aSetValueCanBeRead() {
        MemoryCache c = cache(Duration.ofMinutes(5), Duration.ofSeconds(60), Map.of());

        c.set("k", b("v"), null);

        assertThat(c.get("k")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v"));
        assertThat(c.get("missing")).isEmpty();
    }

    @Test
    void addRefusesAKeyThatExists() {
        MemoryCache c = cache(Duration.ofMinutes(5), Duration.ofSeconds(60), Map.of());

        assertThat(c.add("k", b("first"), null)).isTrue();
        assertThat(c.add("k", b("second"), null)).isFalse();
        assertThat(new String(c.get("k").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void anItemPastItsTtlIsGoneAndCanBeAddedAgain() {
        MemoryCache c = cache(Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of());
        c.set("k", b("v"), null);

        advance(Duration.ofSeconds(11));

        assertThat(c.get("k")).isEmpty();
        assertThat(c.add("k", b("again"), null)).isTrue();
    }

    @Test
    void aTtlGivenOnWriteOverridesTheDefault() {
        MemoryCache c = cache(Duration.ofMinutes(5), Duration.ofSeconds(60), Map.of());
        c.set("k", b("v"), Duration.ofSeconds(1));

        advance(Duration.ofSeconds(2));

        assertThat(c.get("k")).isEmpty();
    }

    @Test
    void compactionOnAWriteRemovesExpiredItems() {
        MemoryCache c = new MemoryCache(Duration.ofSeconds(1), Duration.ofSeconds(5), 1, Map.of(), now::get);
        c.set("old", b("v"), null);
        advance(Duration.ofSeconds(6));

        c.set("new", b("v"), null);

        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void withoutACompactionIntervalNothingExpires() {
        MemoryCache c = cache(Duration.ofSeconds(1), null, Map.of());
        c.set("k", b("v"), null);

        advance(Duration.ofHours(1));

        assertThat(c.get("k")).isPresent();
    }

    @Test
    void initValuesNeverExpireUntilOverwritten() {
        MemoryCache c = cache(Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of("static", "1995"));

        advance(Duration.ofDays(1));

        assertThat(c.get("static")).isPresent();
    }

    @Test
    void deleteRemovesAKey() {
        MemoryCache c = cache(Duration.ofMinutes(5), Duration.ofSeconds(60), Map.of("k", "v"));

        c.delete("k");

        assertThat(c.get("k")).isEmpty();
    }

    @Test
    void theRateLimitAllowsCountAccessesPerIntervalThenSaysHowLongToWait() {
        LocalRateLimit rl = new LocalRateLimit(2, Duration.ofSeconds(1), 0, now::get);

        assertThat(rl.access()).isZero();
        assertThat(rl.access()).isZero();
        advance(Duration.ofMillis(300));
        assertThat(rl.access()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void theRateLimitRefillsOnceTheIntervalPassed() {
        LocalRateLimit rl = new LocalRateLimit(1, Duration.ofSeconds(1), 0, now::get);
        rl.access();

        advance(Duration.ofSeconds(1));

        assertThat(rl.access()).isZero();
        assertThat(rl.access()).isPositive();
    }

    @Test
    void byteSizeLimitsTheBytesPerInterval() {
        LocalRateLimit rl = new LocalRateLimit(1000, Duration.ofSeconds(1), 10, now::get);

        assertThat(rl.access(Batch.ofTexts("12345678"))).isZero();
        assertThat(rl.access(Batch.ofTexts("123"))).as("the window still had bytes left").isZero();
        assertThat(rl.access(Batch.ofTexts("1"))).isPositive();
    }
}
