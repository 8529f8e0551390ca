package io.sluice.connector.amqp;

import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Test-only components so connector tests need nothing from other modules: {@code test_feed} (an
 * input fed from the test, recording acks and nacks) and {@code test_collect} (an output that records
 * what it accepted and can be told to reject writes). test_collect accepts and ignores messages with an
 * empty body (the MQTT tests need that; kept identical here).
 */
public final class TestComponents implements ComponentProvider {

    /** What a test_collect output saw, by name. */
    static final class Sink {
        final List<Part> accepted = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        /** Writes whose first part matches are rejected; settable while running. */
        volatile Predicate<Part> rejectIf = p -> false;
        volatile int failFirst;

        List<String> texts() {
            List<String> out = new ArrayList<>();
            for (Part p : accepted) out.add(p.text());
            return out;
        }

        boolean awaitCount(int n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (accepted.size() < n && System.nanoTime() < end) Thread.sleep(10);
            return accepted.size() >= n;
        }
    }

    /** A test_feed input's queue and settlement record, by name. */
    static final class Feed {
        final LinkedBlockingQueue<Part> queue = new LinkedBlockingQueue<>();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger nacked = new AtomicInteger();

        void add(String... texts) {
            for (String t : texts) queue.add(Part.of(t));
        }
    }

    static final Map<String, Sink> SINKS = new ConcurrentHashMap<>();
    static final Map<String, Feed> FEEDS = new ConcurrentHashMap<>();

    static Sink sink(String name) {
        return SINKS.computeIfAbsent(name, k -> new Sink());
    }

    static Feed feed(String name) {
        return FEEDS.computeIfAbsent(name, k -> new Feed());
    }

    @Override
    public void register(ComponentRegistry r) {
        r.register(ComponentSpec.output("test_collect").fields(
                        FieldSpec.string("name"),
                        FieldSpec.integer("fail_first").defaultValue(0),
                        FieldSpec.integer("max_in_flight").defaultValue(1)),
                (conf, ctx) -> {
                    Sink sink = sink(conf.string("name"));
                    sink.failFirst = conf.integer("fail_first");
                    int mif = conf.integer("max_in_flight");
                    return new Output() {
                        @Override
                        public void write(Batch batch) {
                            if (batch.size() == 1 && batch.get(0).bytes().length == 0) return;
                            int attempt = sink.attempts.incrementAndGet();
                            if (attempt <= sink.failFirst) throw new IllegalStateException("test failure " + attempt);
                            if (!batch.isEmpty() && sink.rejectIf.test(batch.get(0))) throw new IllegalStateException("rejected by test");
                            for (Part p : batch) sink.accepted.add(p.copy());
                        }

                        @Override
                        public int maxInFlight() {
                            return mif;
                        }

                        @Override
                        public void close() {
                        }
                    };
                });
        r.register(ComponentSpec.input("test_feed").fields(FieldSpec.string("name")),
                (conf, ctx) -> {
                    Feed feed = feed(conf.string("name"));
                    return new Input() {
                        private volatile boolean closed;

                        @Override
                        public Transaction read() throws Exception {
                            while (true) {
                                if (closed) throw new EndOfInputException();
                                Part p = feed.queue.poll(50, TimeUnit.MILLISECONDS);
                                if (p != null) {
                                    return new Transaction(Batch.of(p), err -> {
                                        if (err == null) feed.acked.incrementAndGet(); else feed.nacked.incrementAndGet();
                                    });
                                }
                            }
                        }

                        @Override
                        public void close() {
                            closed = true;
                        }
                    };
                });
    }
}
