package io.sluice.connectors.http;

import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only components: {@code test_sink} records what it receives under a name, and
 * {@code test_json_array} folds a batch into one JSON array message (standing in for
 * {@code archive: {format: json_array}}, which another module provides).
 */
public final class TestKit implements ComponentProvider {
    static final Map<String, List<Part>> SINKS = new ConcurrentHashMap<>();

    @Override
    public void register(ComponentRegistry r) {
        r.register(ComponentSpec.output("test_sink").fields(FieldSpec.string("name"), FieldSpec.integer("fail_first").defaultValue(0)), (conf, ctx) -> {
            String name = conf.string("name");
            AtomicInteger failures = new AtomicInteger(conf.integer("fail_first"));
            return (Output) batch -> {
                if (failures.getAndDecrement() > 0) throw new IOException("test_sink refuses this write");
                for (Part p : batch) sink(name).add(p.copy());
            };
        });
        r.register(ComponentSpec.processor("test_json_array"), (conf, ctx) -> (Processor) batch -> {
            List<Object> items = new ArrayList<>();
            for (Part p : batch) items.add(p.structured());
            return List.of(Batch.of(Part.ofStructured(items)));
        });
    }

    static List<Part> sink(String name) {
        return SINKS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    }

    static List<Part> awaitSink(String name, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (sink(name).size() >= n) return sink(name);
            Thread.sleep(10);
        }
        throw new AssertionError("expected " + n + " messages in sink " + name + ", got " + sink(name).size());
    }
}
