package io.sluice.core.component;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters a stream keeps about itself; exporters (Prometheus, OTLP, StatsD) read them. */
public final class StreamMetrics {
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long n) {
        counter(name).add(n);
    }

    /** The counter itself, for hot paths that keep it in a field instead of looking it up per message. */
    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, k -> new LongAdder());
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
