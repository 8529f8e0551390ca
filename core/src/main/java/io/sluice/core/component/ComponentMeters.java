package io.sluice.core.component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The meters a component may add to its stream's (the {@code metric} processor's, the gateway's consumer counters),
 * labelled with the stream and with labels of the caller's choosing. Every use of one name must give the same label
 * keys. The engine's meters implement it; {@link #NONE} is for a stream without metrics.
 */
public interface ComponentMeters {

    /** False for {@code metrics: none}: then meters are no-ops, and a component may skip preparing their values. */
    boolean enabled();

    Counter counter(String name, Map<String, String> labels);

    Timer timer(String name, Map<String, String> labels);

    /** A counter kept elsewhere, read when exported. */
    <T> void functionCounter(String name, Map<String, String> labels, T source, ToDoubleFunction<T> read);

    /** A value kept elsewhere, read when exported. */
    <T> void gauge(String name, Map<String, String> labels, T source, ToDoubleFunction<T> read);

    /** No metrics: counters and timers that count nothing, and nothing read. */
    ComponentMeters NONE = new ComponentMeters() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Counter counter(String name, Map<String, String> labels) {
            return new NoopCounter(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.COUNTER));
        }

        @Override
        public Timer timer(String name, Map<String, String> labels) {
            return new NoopTimer(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.TIMER));
        }

        @Override
        public <T> void functionCounter(String name, Map<String, String> labels, T source, ToDoubleFunction<T> read) {
        }

        @Override
        public <T> void gauge(String name, Map<String, String> labels, T source, ToDoubleFunction<T> read) {
        }
    };
}
