package io.sluice.components.io;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The {@code memory} cache: key/value pairs in memory, spread over shards. Each item expires
 * {@code default_ttl} (or its own TTL) after it was last written; expired items are invisible at
 * once and removed by a compaction that runs, at most every {@code compaction_interval}, during
 * writes. {@code init_values} never expire until overwritten.
 */
public final class MemoryCache implements Cache {

    public static final ComponentSpec SPEC = ComponentSpec.cache("memory")
            .summary("Keeps key/value pairs in the process's memory. Nothing survives a restart, and nothing is shared between gateway nodes.")
            .description("An item expires `default_ttl` (or the TTL given with it) after its last write. An expired item reads as missing "
                    + "at once; its memory is freed by a compaction, which runs during a write when `compaction_interval` has passed "
                    + "since the last one and holds the shard's lock meanwhile. An empty `compaction_interval` turns expiry off altogether. "
                    + "`init_values` are loaded at start and never expire, until a write replaces them: the replacement has a TTL like any item.")
            .fields(FieldSpec.duration("default_ttl").defaultValue("5m")
                            .description("How long an item lives after its last write, when the write gave no TTL of its own."),
                    FieldSpec.duration("compaction_interval").defaultValue("60s")
                            .description("The least time between two compactions. Empty: items never expire."),
                    FieldSpec.stringMap("init_values").defaultValue(Map.of())
                            .description("Items present from the start, e.g. a small lookup table. They do not expire.")
                            .example(Map.of("DE", "Germany", "FR", "France", "NL", "Netherlands")),
                    FieldSpec.integer("shards").defaultValue(1).min(1).advanced()
                            .description("How many independently locked maps the keys are spread over. More shards mean less waiting when many threads use the cache at once."));

    private record Item(byte[] value, long expiresAtNanos) { // expiresAtNanos == Long.MAX_VALUE: never
    }

    private static final class Shard {
        final Map<String, Item> items = new HashMap<>();
        long lastCompaction;
    }

    private final Shard[] shards;
    private final Duration defaultTtl;
    private final long compactionNanos; // 0: no expiry at all
    private final LongSupplier clock;

    MemoryCache(Duration defaultTtl, Duration compactionInterval, int shards, Map<String, String> initValues, LongSupplier clock) {
        this.defaultTtl = defaultTtl;
        this.compactionNanos = compactionInterval == null ? 0 : compactionInterval.toNanos();
        this.clock = clock;
        this.shards = new Shard[Math.max(1, shards)];
        long now = clock.getAsLong();
        for (int i = 0; i < this.shards.length; i++) {
            this.shards[i] = new Shard();
            this.shards[i].lastCompaction = now;
        }
        initValues.forEach((k, v) -> shard(k).items.put(k, new Item(v.getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE)));
    }

    public static Cache create(Conf conf, ComponentContext ctx) throws ConfigException {
        String compaction = conf.string("compaction_interval");
        Duration interval = compaction == null || compaction.isBlank() ? null : Durations.parse(compaction);
        return new MemoryCache(conf.duration("default_ttl"), interval, conf.integer("shards"), conf.stringMap("init_values"), System::nanoTime);
    }

    private Shard shard(String key) {
        return shards.length == 1 ? shards[0] : shards[Math.floorMod(key.hashCode() * 0x9E3779B9, shards.length)];
    }

    private boolean expired(Item i, long now) {
        return compactionNanos > 0 && i.expiresAtNanos() != Long.MAX_VALUE && i.expiresAtNanos() - now <= 0;
    }

    private long expiry(Duration ttl, long now) {
        Duration d = ttl != null ? ttl : defaultTtl;
        return now + d.toNanos();
    }

    private void compact(Shard s, long now) {
        if (compactionNanos == 0 || now - s.lastCompaction < compactionNanos) return;
        for (Iterator<Item> it = s.items.values().iterator(); it.hasNext(); ) if (expired(it.next(), now)) it.remove();
        s.lastCompaction = now;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Shard s = shard(key);
        synchronized (s) {
            Item i = s.items.get(key);
            if (i == null || expired(i, clock.getAsLong())) return Optional.empty();
            return Optional.of(i.value());
        }
    }

    @Override
    public void set(String key, byte[] value, Duration ttl) {
        Shard s = shard(key);
        synchronized (s) {
            long now = clock.getAsLong();
            compact(s, now);
            s.items.put(key, new Item(value, expiry(ttl, now)));
        }
    }

    @Override
    public boolean add(String key, byte[] value, Duration ttl) {
        Shard s = shard(key);
        synchronized (s) {
            long now = clock.getAsLong();
            Item existing = s.items.get(key);
            if (existing != null && !expired(existing, now)) return false;
            compact(s, now);
            s.items.put(key, new Item(value, expiry(ttl, now)));
            return true;
        }
    }

    @Override
    public void delete(String key) {
        Shard s = shard(key);
        synchronized (s) {
            compact(s, clock.getAsLong());
            s.items.remove(key);
        }
    }

    /** Items held right now, expired or not (for tests and metrics). */
    int size() {
        int n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.items.size();
            }
        }
        return n;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
