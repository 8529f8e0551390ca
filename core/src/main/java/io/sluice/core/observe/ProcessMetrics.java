package io.sluice.core.observe;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The one metrics registry of this process. Everything that counts (streams, the gateway's proxy and stream
 * endpoints, the {@code metric} processor) registers here; exporters are registries attached to it: Prometheus is
 * always attached (scraped at {@code /metrics}), StatsD and OTLP when configured.
 *
 * <p>Names are written in Micrometer's dotted form where they are ours ({@code sluice.api.requests}) and in the
 * stream dialect's form where the dialect names them ({@code input_received}); Prometheus shows both with
 * underscores, counters with a {@code _total} suffix.
 */
public final class ProcessMetrics {

    /** Content type of {@link #prometheusText()}. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final PrometheusMeterRegistry PROMETHEUS = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final CompositeMeterRegistry REGISTRY = new CompositeMeterRegistry(Clock.SYSTEM, List.of(PROMETHEUS));

    private ProcessMetrics() {
    }

    /** The process registry: register meters here, never in a registry of your own. */
    public static MeterRegistry registry() {
        return REGISTRY;
    }

    /** Every meter in the Prometheus text exposition format, for {@code GET /metrics}. */
    public static String prometheusText() {
        return PROMETHEUS.scrape();
    }

    /** Attaches an exporter (StatsD, OTLP); meters already registered are exported too. */
    public static synchronized void attach(MeterRegistry exporter) {
        REGISTRY.add(exporter);
    }

    public static synchronized void detach(MeterRegistry exporter) {
        REGISTRY.remove(exporter);
    }

    /**
     * Every meter as a flat map {@code name{tag="v",...} -> value}, for the {@code json_api} and {@code logger}
     * exporters. Timers give their count, total and max in milliseconds under suffixed names.
     */
    public static Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        for (Meter meter : REGISTRY.getMeters()) {
            String name = flatName(meter.getId());
            switch (meter) {
                case Counter c -> out.put(name, c.count());
                case FunctionCounter c -> out.put(name, c.count());
                case Gauge g -> out.put(name, g.value());
                case Timer t -> {
                    out.put(name + ".count", t.count());
                    out.put(name + ".total_ms", t.totalTime(TimeUnit.MILLISECONDS));
                    out.put(name + ".max_ms", t.max(TimeUnit.MILLISECONDS));
                }
                case DistributionSummary s -> {
                    out.put(name + ".count", s.count());
                    out.put(name + ".total", s.totalAmount());
                    out.put(name + ".max", s.max());
                }
                default -> meter.measure().forEach(m -> out.put(name + "." + m.getStatistic().getTagValueRepresentation(), m.getValue()));
            }
        }
        return out;
    }

    private static String flatName(Meter.Id id) {
        List<Tag> tags = id.getTags();
        if (tags.isEmpty()) return id.getName();
        List<String> parts = new ArrayList<>();
        for (Tag t : tags) parts.add(t.getKey() + "=\"" + t.getValue() + "\"");
        return id.getName() + "{" + String.join(",", parts) + "}";
    }

    /** The same snapshot with values nested per meter name, as the {@code json_api} exporter answers. */
    public static Map<String, Object> json() {
        return new LinkedHashMap<>(snapshot());
    }
}
