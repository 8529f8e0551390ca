package io.sluice.connectors.kafka;

import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Test-only components: an output that records what it accepted and rejects on demand. */
public final class TestComponents implements ComponentProvider {
    private static final Map<String, Sink> SINKS = new ConcurrentHashMap<>();

    public static Sink sink(String name) {
        return SINKS.computeIfAbsent(name, k -> new Sink());
    }

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(ComponentSpec.output("test_capture")
                        .summary("Records accepted messages for tests; rejects those its sink's predicate picks.")
                        .fields(FieldSpec.string("name"), FieldSpec.integer("max_in_flight").defaultValue(1)),
                (conf, ctx) -> new CaptureOutput(sink(conf.string("name")), conf.integer("max_in_flight")));
    }

    /** What a capture output saw. */
    public static final class Sink {
        public final List<Part> accepted = Collections.synchronizedList(new ArrayList<>());
        public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        public final AtomicInteger rejectedWrites = new AtomicInteger();
        public volatile Predicate<Part> reject = p -> false;

        public List<String> texts() {
            synchronized (accepted) {
                return accepted.stream().map(Part::text).toList();
            }
        }

        public int attempts(String text) {
            AtomicInteger n = attempts.get(text);
            return n == null ? 0 : n.get();
        }
    }

    static final class CaptureOutput implements Output {
        private final Sink sink;
        private final int maxInFlight;

        CaptureOutput(Sink sink, int maxInFlight) {
            this.sink = sink;
            this.maxInFlight = maxInFlight;
        }

        @Override
        public void write(Batch batch) throws Exception {
            boolean reject = false;
            for (Part p : batch) {
                sink.attempts.computeIfAbsent(p.text(), k -> new AtomicInteger()).incrementAndGet();
                if (sink.reject.test(p)) reject = true;
            }
            if (reject) {
                sink.rejectedWrites.incrementAndGet();
                throw new IOException("rejected by the test");
            }
            for (Part p : batch) sink.accepted.add(p);
        }

        @Override
        public int maxInFlight() {
            return maxInFlight;
        }

        @Override
        public void close() {
        }
    }
}
