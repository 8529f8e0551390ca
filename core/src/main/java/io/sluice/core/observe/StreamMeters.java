package io.sluice.core.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopTimer;
import io.sluice.core.component.ComponentMeters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters of one stream in the process registry, named as the stream dialect names them ({@code input_received},
 * {@code processor_sent}, ...) and labelled {@code stream}, {@code label} and {@code path}. The stream's
 * {@code metrics.mapping} renames or drops each one as it is registered. {@link #close()} removes them all, so a
 * stream that is replaced leaves no series behind.
 *
 * <p>{@link #DISABLED} is used for {@code metrics: none}: it hands out no-op meters and the engine adds no decorators.
 */
public final class StreamMeters implements AutoCloseable, ComponentMeters {

    public static final StreamMeters DISABLED = new StreamMeters(null, "", null, false);

    private final MeterRegistry registry;
    private final String stream;
    private final MetricNameMapping mapping;
    private final boolean histograms;
    private final List<Meter> owned = new CopyOnWriteArrayList<>();

    /**
     * @param histograms publish timers as Prometheus histograms with buckets ({@code use_histogram_timing}) rather than
     *                   as summaries
     */
    public StreamMeters(MeterRegistry registry, String stream, MetricNameMapping mapping, boolean histograms) {
        this.registry = registry;
        this.stream = stream;
        this.mapping = mapping;
        this.histograms = histograms;
    }

    public boolean enabled() {
        return registry != null;
    }

    public String stream() {
        return stream;
    }

    private MetricNameMapping.Renamed name(String name, String label, String path) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("label", label == null ? "" : label);
        labels.put("path", path);
        return named(name, labels);
    }

    /** Adds the {@code stream} label and runs the mapping; null when the mapping drops the metric. */
    private MetricNameMapping.Renamed named(String name, Map<String, String> given) {
        Map<String, String> labels = new LinkedHashMap<>(given);
        labels.put("stream", stream);
        return mapping == null ? new MetricNameMapping.Renamed(name, labels) : mapping.apply(name, labels);
    }

    /**
     * A counter with labels of the caller's choosing (besides {@code stream}), for the {@code metric} processor and the
     * gateway's consumer counters. Every use of one name must give the same label keys.
     */
    public Counter counter(String name, Map<String, String> labels) {
        MetricNameMapping.Renamed r = enabled() ? named(name, labels) : null;
        if (r == null) return new NoopCounter(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.COUNTER));
        return own(Counter.builder(r.name()).tags(tags(r)).register(registry));
    }

    /** A timer with labels of the caller's choosing; see {@link #counter(String, Map)}. */
    public Timer timer(String name, Map<String, String> labels) {
        MetricNameMapping.Renamed r = enabled() ? named(name, labels) : null;
        if (r == null) return new NoopTimer(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.TIMER));
        return own(Timer.builder(r.name()).tags(tags(r)).publishPercentileHistogram(histograms).register(registry));
    }

    /** A function counter with labels of the caller's choosing; see {@link #counter(String, Map)}. */
    public <T> void functionCounter(String name, Map<String, String> labels, T source, ToDoubleFunction<T> read) {
        MetricNameMapping.Renamed r = enabled() ? named(name, labels) : null;
        if (r == null) return;
        replaceExisting(r);
        own(FunctionCounter.builder(r.name(), source, read).tags(tags(r)).register(registry));
    }

    /** A gauge with labels of the caller's choosing; see {@link #counter(String, Map)}. */
    public <T> void gauge(String name, Map<String, String> labels, T source, ToDoubleFunction<T> read) {
        MetricNameMapping.Renamed r = enabled() ? named(name, labels) : null;
        if (r == null) return;
        replaceExisting(r);
        own(Gauge.builder(r.name(), source, read).tags(tags(r)).strongReference(true).register(registry));
    }

    private static Tags tags(MetricNameMapping.Renamed r) {
        Tags t = Tags.empty();
        for (Map.Entry<String, String> e : r.labels().entrySet()) t = t.and(e.getKey(), e.getValue());
        return t;
    }

    /**
     * Which StreamMeters a series belongs to. A stream rebuilt under the same name (an API reloaded) takes its series
     * over before the old one has stopped; the old one's {@link #close()} must then leave them alone.
     */
    private static final ConcurrentHashMap<Meter.Id, StreamMeters> OWNERS = new ConcurrentHashMap<>();

    private <M extends Meter> M own(M meter) {
        owned.add(meter);
        OWNERS.put(meter.getId(), this);
        return meter;
    }

    /** Function meters read a source object; a series taken over must read the new stream's source, not the old one's. */
    private void replaceExisting(MetricNameMapping.Renamed r) {
        Meter existing = registry.find(r.name()).tags(tags(r)).meter();
        if (existing != null) registry.remove(existing);
    }

    public Counter counter(String name, String label, String path) {
        MetricNameMapping.Renamed r = enabled() ? name(name, label, path) : null;
        if (r == null) return new NoopCounter(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.COUNTER));
        return own(Counter.builder(r.name()).tags(tags(r)).register(registry));
    }

    /** A latency timer in nanoseconds (the dialect's {@code *_latency_ns}). */
    public Timer timer(String name, String label, String path) {
        MetricNameMapping.Renamed r = enabled() ? name(name, label, path) : null;
        if (r == null) return new NoopTimer(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.TIMER));
        return own(Timer.builder(r.name()).tags(tags(r)).publishPercentileHistogram(histograms).register(registry));
    }

    /** Sizes of batches (parts per batch). */
    public DistributionSummary sizes(String name, String label, String path) {
        MetricNameMapping.Renamed r = enabled() ? name(name, label, path) : null;
        if (r == null) return new NoopDistributionSummary(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.DISTRIBUTION_SUMMARY));
        return own(DistributionSummary.builder(r.name()).tags(tags(r)).register(registry));
    }

    /** A counter kept elsewhere (the engine's own {@code LongAdder}s), read when exported: nothing added per message. */
    public <T> void functionCounter(String name, String label, String path, T source, ToDoubleFunction<T> read) {
        MetricNameMapping.Renamed r = enabled() ? name(name, label, path) : null;
        if (r == null) return;
        replaceExisting(r);
        own(FunctionCounter.builder(r.name(), source, read).tags(tags(r)).register(registry));
    }

    /**
     * A latency kept elsewhere as a count and a total in nanoseconds ({@code LongAdder}s on the hot path), read when
     * exported: Prometheus shows {@code <name>_seconds_count} and {@code _seconds_sum}.
     */
    public <T> void functionTimer(String name, String label, String path, T source, ToLongFunction<T> count,
                                  ToDoubleFunction<T> totalNanos) {
        MetricNameMapping.Renamed r = enabled() ? name(name, label, path) : null;
        if (r == null) return;
        replaceExisting(r);
        own(FunctionTimer.builder(r.name(), source, count, totalNanos, TimeUnit.NANOSECONDS)
                .tags(tags(r)).register(registry));
    }

    public <T> void gauge(String name, String label, String path, T source, ToDoubleFunction<T> read) {
        MetricNameMapping.Renamed r = enabled() ? name(name, label, path) : null;
        if (r == null) return;
        replaceExisting(r);
        own(Gauge.builder(r.name(), source, read).tags(tags(r)).strongReference(true).register(registry));
    }

    @Override
    public void close() {
        if (registry == null) return;
        for (Meter m : owned) {
            if (OWNERS.remove(m.getId(), this)) registry.remove(m);
        }
        owned.clear();
    }
}
