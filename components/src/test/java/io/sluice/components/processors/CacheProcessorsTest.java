package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cache, dedupe and cached: processors that use a cache resource. */
class CacheProcessorsTest {
    private final MapCache cache = new MapCache();
    private final Harness h = new Harness().cache("store", cache);

    private static Batch keyed(String... keys) {
        Batch b = new Batch();
        for (String k : keys) b.add(Part.of("{\"id\":\"" + k + "\",\"v\":\"" + k.toUpperCase() + "\"}"));
        return b;
    }

    // ---- cache ----

    @Test
    void setStoresTheInterpolatedValueUnderTheInterpolatedKeyWithItsTtl() throws Exception {
        Processor p = h.processor("cache:\n  resource: store\n  operator: set\n  key: 'k-${! this.id }'\n  value: '${! this.v }'\n  ttl: 5m");
        List<Batch> out = run(p, keyed("a", "b"));
        assertThat(cache.text("k-a")).isEqualTo("A");
        assertThat(cache.text("k-b")).isEqualTo("B");
        assertThat(cache.ttls.get("k-a")).contains(Duration.ofMinutes(5));
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void setWithoutTtlLeavesItToTheCache() throws Exception {
        run(h.processor("cache:\n  resource: store\n  operator: set\n  key: k\n  value: v"), Batch.ofTexts("x"));
        assertThat(cache.ttls.get("k")).isEqualTo(Optional.empty());
    }

    @Test
    void addFlagsMessagesWhoseKeyAlreadyExists() throws Exception {
        cache.put("taken", "old");
        Processor p = h.processor("cache:\n  resource: store\n  operator: add\n  key: '${! content() }'\n  value: new");
        List<Batch> out = run(p, Batch.ofTexts("free", "taken"));
        assertThat(errors(out)).containsExactly(null, "key already exists: taken");
        assertThat(cache.text("free")).isEqualTo("new");
        assertThat(cache.text("taken")).isEqualTo("old");
    }

    @Test
    void getReplacesTheContentOrFlagsAMissingKey() throws Exception {
        cache.put("a", "cached a");
        Processor p = h.processor("cache:\n  resource: store\n  operator: get\n  key: '${! content() }'");
        List<Batch> out = run(p, Batch.ofTexts("a", "b"));
        assertThat(flatTexts(out)).containsExactly("cached a", "b");
        assertThat(errors(out)).containsExactly(null, "operator failed for key 'b': key does not exist");
    }

    @Test
    void deleteRemovesTheKeyAndIgnoresMissingOnes() throws Exception {
        cache.put("a", "x");
        List<Batch> out = run(h.processor("cache:\n  resource: store\n  operator: delete\n  key: '${! content() }'"), Batch.ofTexts("a", "b"));
        assertThat(cache.entries).doesNotContainKey("a");
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void existsReplacesTheContentWithABoolean() throws Exception {
        cache.put("a", "x");
        List<Batch> out = run(h.processor("cache:\n  resource: store\n  operator: exists\n  key: '${! content() }'"), Batch.ofTexts("a", "b"));
        assertThat(flatTexts(out)).containsExactly("true", "false");
    }

    @Test
    void aCacheFailureFlagsTheMessage() throws Exception {
        cache.failure = new IOException("connection refused");
        List<Batch> out = run(h.processor("cache:\n  resource: store\n  operator: set\n  key: k\n  value: v"), Batch.ofTexts("a"));
        assertThat(errors(out)).containsExactly("operator failed for key 'k': connection refused");
    }

    @Test
    void anUnknownCacheResourceIsAConfigError() {
        assertThatThrownBy(() -> h.processor("cache:\n  resource: nope\n  operator: get\n  key: k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cache resource 'nope' was not found");
    }

    @Test
    void anUnknownOperatorIsALintError() {
        assertThatThrownBy(() -> h.processor("cache:\n  resource: store\n  operator: upsert\n  key: k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected one of [set, add, get, delete, exists]");
    }

    // ---- dedupe ----

    @Test
    void dedupeDropsMessagesWhoseKeyWasSeenBeforeInThisOrEarlierBatches() throws Exception {
        Processor p = h.processor("dedupe:\n  cache: store\n  key: '${! this.id }'");
        assertThat(flatTexts(run(p, keyed("a", "b", "a")))).hasSize(2);
        assertThat(run(p, keyed("b"))).isEmpty();
        assertThat(cache.entries).containsOnlyKeys("a", "b");
    }

    @Test
    void dedupeDropsOnCacheErrorsByDefault() throws Exception {
        cache.failure = new IOException("down");
        assertThat(run(h.processor("dedupe:\n  cache: store\n  key: k"), Batch.ofTexts("a"))).isEmpty();
    }

    @Test
    void dedupeCanKeepMessagesFlaggedOnCacheErrors() throws Exception {
        cache.failure = new IOException("down");
        List<Batch> out = run(h.processor("dedupe:\n  cache: store\n  key: k\n  drop_on_err: false"), Batch.ofTexts("a"));
        assertThat(errors(out)).containsExactly("down");
    }

    @Test
    void dedupeNeedsAKey() {
        assertThatThrownBy(() -> h.processor("dedupe:\n  cache: store\n  key: ''"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dedupe key must not be empty");
    }

    // ---- cached ----

    @Test
    void cachedRunsTheProcessorsOnAMissAndReusesTheResultOnAHit() throws Exception {
        Processor p = h.processor("""
                cached:
                  cache: store
                  key: '${! @topic }'
                  ttl: 10m
                  processors:
                    - record: {}
                    - append: { suffix: "-enriched" }
                """);
        List<Batch> first = run(p, Batch.of(Part.of("one").setMeta("topic", "t")));
        List<Batch> second = run(p, Batch.of(Part.of("two").setMeta("topic", "t").setMeta("other", "kept")));
        assertThat(flatTexts(first)).containsExactly("one-enriched");
        assertThat(flatTexts(second)).containsExactly("one-enriched");
        assertThat(second.get(0).get(0).metadata()).containsEntry("other", "kept");
        assertThat(h.recorder.batches).hasSize(1);
        assertThat(cache.ttls.get("t")).contains(Duration.ofMinutes(10));
    }

    @Test
    void cachedStoresAndRestoresEveryMessageTheProcessorsProduce() throws Exception {
        Processor p = h.processor("cached:\n  cache: store\n  key: k\n  processors:\n    - explode: {}");
        run(p, Batch.ofTexts("a,b,c"));
        assertThat(flatTexts(run(p, Batch.ofTexts("ignored")))).containsExactly("a", "b", "c");
    }

    @Test
    void cachedSkipsCachingWhenSkipOnMatches() throws Exception {
        Processor p = h.processor("""
                cached:
                  cache: store
                  key: k
                  skip_on: errored()
                  processors:
                    - fail_if: { contains: "bad" }
                """);
        List<Batch> out = run(p, Batch.ofTexts("bad"));
        assertThat(errors(out)).containsExactly("boom");
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void cachedFlagsAMessageWhenTheCachedDataIsNotItsOwn() throws Exception {
        cache.put("k", "written by someone else");
        Processor p = h.processor("cached:\n  cache: store\n  key: k\n  processors:\n    - noop: {}");
        assertThat(errors(run(p, Batch.ofTexts("a")))).singleElement().asString()
                .startsWith("cannot read the cached result (was it written by a cached processor?)");
    }

    @Test
    void cachedResultLayoutIsVersionCountThenLengthPrefixedMessages() {
        byte[] encoded = CachedProcessor.encode(List.of(Part.of("ab"), Part.of("")));
        assertThat(encoded).containsExactly(0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0);
    }
}
