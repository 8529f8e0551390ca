package io.sluice.gateway.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sluice.gateway.apidef.ApiDefinition;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The request meters of one API: requests by status class, gateway latency and upstream latency as histograms with
 * fixed buckets, bytes in and out; and the same per key when the API records in detail. Meters are created once and
 * kept, so a request costs a few counter increments and two histogram records.
 *
 * <p>Labels: {@code api} (the API id), {@code status_class} ({@code 1xx}..{@code 5xx}), and per key {@code key}: the
 * key's alias when it has one, else its stored hash, never the key itself; at most {@code limit} keys per API, later
 * ones counted under {@code other}.
 */
final class ApiMeters {

    /** Bucket bounds of the latency histograms: enough to read p50/p95/p99 between 1 ms and 10 s. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    static final String OTHER_KEYS = "other";

    private final MeterRegistry registry;
    private final String apiId;
    private final int keyLimit;
    private final Series total;
    private final Timer upstream;
    private final ConcurrentHashMap<String, Series> byKey = new ConcurrentHashMap<>();
    private volatile ApiDefinition seen;
    private volatile boolean detailed;
    private volatile double sampleRate;

    ApiMeters(MeterRegistry registry, String apiId, int keyLimit) {
        this.registry = registry;
        this.apiId = apiId;
        this.keyLimit = keyLimit;
        this.total = new Series(registry, "sluice.api", Tags.of("api", apiId), true);
        this.upstream = Timer.builder("sluice.api.upstream.latency").tags("api", apiId)
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Per-request settings read from the definition, again only when the API was reloaded. */
    void refresh(ApiDefinition api, boolean detailedEverywhere, double defaultSampleRate) {
        if (api == seen) return;
        JsonNode logs = api.document().path(ApiDefinition.TYK_EXTENSION).path("server").path("detailedActivityLogs");
        detailed = detailedEverywhere || logs.path("enabled").asBoolean(false);
        sampleRate = logs.path("sampleRate").isNumber() ? logs.path("sampleRate").asDouble() : defaultSampleRate;
        seen = api;
    }

    boolean detailed() {
        return detailed;
    }

    double sampleRate() {
        return sampleRate;
    }

    void record(int status, long nanos, long upstreamNanos, long bytesIn, long bytesOut, String keyLabel) {
        total.record(status, nanos, bytesIn, bytesOut);
        if (upstreamNanos >= 0) upstream.record(upstreamNanos, TimeUnit.NANOSECONDS);
        if (keyLabel != null && detailed) keySeries(keyLabel).record(status, nanos, bytesIn, bytesOut);
    }

    private Series keySeries(String label) {
        Series s = byKey.get(label);
        if (s != null) return s;
        String bounded = byKey.size() >= keyLimit ? OTHER_KEYS : label;
        return byKey.computeIfAbsent(bounded, k -> new Series(registry, "sluice.key", Tags.of("api", apiId, "key", k), false));
    }

    /** Counters and timers of one label set. */
    private static final class Series {
        private final Counter[] byClass = new Counter[6];
        private final Timer latency;
        private final Counter bytesIn;
        private final Counter bytesOut;

        Series(MeterRegistry registry, String prefix, Tags tags, boolean histogram) {
            for (int c = 1; c <= 5; c++) {
                byClass[c] = Counter.builder(prefix + ".requests").tags(tags).tag("status_class", c + "xx").register(registry);
            }
            Timer.Builder t = Timer.builder(prefix + ".latency").tags(tags);
            latency = (histogram ? t.serviceLevelObjectives(BUCKETS) : t).register(registry);
            bytesIn = Counter.builder(prefix + ".bytes.in").tags(tags).register(registry);
            bytesOut = Counter.builder(prefix + ".bytes.out").tags(tags).register(registry);
        }

        void record(int status, long nanos, long in, long out) {
            int c = status / 100;
            byClass[c >= 1 && c <= 5 ? c : 5].increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
            if (in > 0) bytesIn.increment(in);
            if (out > 0) bytesOut.increment(out);
        }
    }
}
