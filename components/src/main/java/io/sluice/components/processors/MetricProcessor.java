package io.sluice.components.processors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentMeters;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Counts, gauges or times something about each message in the stream's metrics; messages pass unchanged. */
final class MetricProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("metric")
            .categories("Utility")
            .summary("Adds to a metric of your own for each message: a counter, a gauge or a timing, with labels taken from the message.")
            .description("""
                    The metric goes wherever the stream's metrics go (`/metrics`, StatsD, ...), with the stream's name as the \
                    `stream` label besides the ones given here. `counter` adds one per message; `counter_by` adds `value`; \
                    `gauge` sets the metric to `value`; `timing` records `value` as a duration in nanoseconds. A `value` that \
                    is not a number, or is negative for a counter, is skipped.

                    Label values are interpolated per message, so each distinct combination is a separate series: keep them \
                    to a few known values (a region, a status), never ids. Past 1000 combinations in one processor, further \
                    ones are counted under the label value `other`.""")
            .fields(
                    FieldSpec.string("type").options("counter", "counter_by", "gauge", "timing")
                            .description("What kind of metric, and how `value` is used."),
                    FieldSpec.string("name").description("The metric's name; with Prometheus, counters get a `_total` suffix.")
                            .example("orders_received"),
                    FieldSpec.string("labels").interpolated().map().defaultValue(Map.of())
                            .description("Labels and their values, interpolated per message.")
                            .example(Map.of("region", "${! this.region }")),
                    FieldSpec.string("value").interpolated().defaultValue("")
                            .description("The number for `counter_by`, `gauge` and `timing`, interpolated per message.")
                            .example("${! this.amount }", "${! meta(\"queue_depth\") }"))
            .example("Orders per region", "Counts each order under its region, and keeps the size of the last order per region as a gauge.", """
                    pipeline:
                      processors:
                        - metric:
                            type: counter
                            name: orders_received
                            labels:
                              region: ${! this.region }
                        - metric:
                            type: gauge
                            name: order_items
                            labels:
                              region: ${! this.region }
                            value: ${! this.items.length() }
                    """);

    static final int MAX_SERIES = 1000;
    static final String OTHER = "other";

    enum Type { COUNTER, COUNTER_BY, GAUGE, TIMING }

    /** The value a gauge series shows; the registry reads it when exporting. */
    static final class GaugeValue {
        volatile double value;
    }

    private final Type type;
    private final String name;
    private final Map<String, Interpolation> labels;
    private final Interpolation value;
    private final ComponentMeters meters;
    private final ConcurrentHashMap<Map<String, String>, Object> series = new ConcurrentHashMap<>();

    private MetricProcessor(Type type, String name, Map<String, Interpolation> labels, Interpolation value, ComponentMeters meters) {
        this.type = type;
        this.name = name;
        this.labels = labels;
        this.value = value;
        this.meters = meters;
    }

    static MetricProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        Map<String, Interpolation> labels = new TreeMap<>();
        for (Map.Entry<String, Conf> e : conf.child("labels").entries().entrySet()) labels.put(e.getKey(), e.getValue().asInterpolation());
        Type type = Type.valueOf(conf.string("type").toUpperCase(Locale.ROOT));
        if (type != Type.COUNTER && conf.string("value").isEmpty()) {
            throw conf.invalid("value", "a " + conf.string("type") + " needs a value");
        }
        return new MetricProcessor(type, conf.string("name"), labels, conf.interpolation("value"), ctx.meters());
    }

    @Override
    public List<Batch> process(Batch batch) {
        if (!meters.enabled()) return List.of(batch);
        for (int i = 0; i < batch.size(); i++) {
            Object meter = seriesFor(batch, i);
            if (type == Type.COUNTER) {
                ((Counter) meter).increment();
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(value.render(batch, i).trim());
            } catch (NumberFormatException | NullPointerException e) {
                continue;
            }
            switch (type) {
                case COUNTER_BY -> { if (v >= 0) ((Counter) meter).increment(v); }
                case GAUGE -> ((GaugeValue) meter).value = v;
                case TIMING -> { if (v >= 0) ((Timer) meter).record((long) v, TimeUnit.NANOSECONDS); }
                default -> { }
            }
        }
        return List.of(batch);
    }

    private Object seriesFor(Batch batch, int index) {
        Map<String, String> values = new LinkedHashMap<>();
        labels.forEach((k, interp) -> values.put(k, interp.render(batch, index)));
        Object found = series.get(values);
        if (found != null) return found;
        if (series.size() >= MAX_SERIES) {
            values.replaceAll((k, v) -> OTHER);
            found = series.get(values);
            if (found != null) return found;
        }
        return series.computeIfAbsent(values, this::register);
    }

    private Object register(Map<String, String> values) {
        return switch (type) {
            case COUNTER, COUNTER_BY -> meters.counter(name, values);
            case TIMING -> meters.timer(name, values);
            case GAUGE -> {
                GaugeValue holder = new GaugeValue();
                meters.gauge(name, values, holder, h -> h.value);
                yield holder;
            }
        };
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
