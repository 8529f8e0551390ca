package io.sluice.testkit;

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

import java.io.IOException;
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
 * Test-only components, so connector tests need nothing from other component modules. A module
 * enables them by naming this class in its test {@code META-INF/services/io.sluice.core.registry.ComponentProvider}.
 * <ul>
 *   <li>{@code test_feed}: an input fed from the test ({@link #feed}), counting acks and nacks;</li>
 *   <li>{@code test_collect}: an output recording what it accepted ({@link #sink}), which can fail its
 *       first {@code fail_first} writes or reject writes by predicate. It accepts and ignores messages
 *       with an empty body: clearing a retained MQTT message delivers one to live subscribers;</li>
 *   <li>{@code test_source}: an input emitting the texts queued with {@link TestKit#source}, where
 *       {@code "k=v,k2=v2|body"} sets metadata;</li>
 *   <li>{@code test_sink}: an output recording into the same {@link Sink} as test_collect
 *       ({@link TestKit#sink}), refusing (with an IOException) as many writes as
 *       {@link TestKit#failFirst} asked for.</li>
 * </ul>
 */
public final class TestComponents implements ComponentProvider {

    /** What a test_collect output saw, by name. */
    public static final class Sink {
        public final List<Part> accepted = new CopyOnWriteArrayList<>();
        public final AtomicInteger attempts = new AtomicInteger();
        /** Writes whose first part matches are rejected; settable while running. */
        public volatile Predicate<Part> rejectIf = p -> false;
        public volatile int failFirst;
        /** test_sink: how many writes must still be refused. */
        final AtomicInteger refuse = new AtomicInteger();

        public List<String> texts() {
            List<String> out = new ArrayList<>();
            for (Part p : accepted) out.add(p.text());
            return out;
        }

        public boolean awaitCount(int n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (accepted.size() < n && System.nanoTime() < end) Thread.sleep(10);
            return accepted.size() >= n;
        }
    }

    /** A test_feed input's queue and settlement record, by name. */
    public static final class Feed {
        public final LinkedBlockingQueue<Part> queue = new LinkedBlockingQueue<>();
        public final AtomicInteger acked = new AtomicInteger();
        public final AtomicInteger nacked = new AtomicInteger();

        public void add(String... texts) {
            for (String t : texts) queue.add(Part.of(t));
        }
    }

    static final Map<String, Sink> SINKS = new ConcurrentHashMap<>();
    static final Map<String, Feed> FEEDS = new ConcurrentHashMap<>();
    static final Map<String, LinkedBlockingQueue<String>> SOURCES = new ConcurrentHashMap<>();

    public static Sink sink(String name) {
        return SINKS.computeIfAbsent(name, k -> new Sink());
    }

    public static Feed feed(String name) {
        return FEEDS.computeIfAbsent(name, k -> new Feed());
    }

    static LinkedBlockingQueue<String> source(String name) {
        return SOURCES.computeIfAbsent(name, k -> new LinkedBlockingQueue<>());
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
        r.register(ComponentSpec.output("test_sink").fields(FieldSpec.string("name"), FieldSpec.integer("max_in_flight").defaultValue(1)),
                (conf, ctx) -> {
                    String name = conf.string("name");
                    Sink sink = sink(name);
                    int mif = conf.integer("max_in_flight");
                    return new Output() {
                        @Override
                        public void write(Batch batch) throws Exception {
                            if (sink.refuse.getAndUpdate(x -> Math.max(0, x - 1)) > 0) throw new IOException("test_sink " + name + " refuses this write");
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
        r.register(ComponentSpec.input("test_source").fields(FieldSpec.string("name")),
                (conf, ctx) -> {
                    LinkedBlockingQueue<String> queue = source(conf.string("name"));
                    return new Input() {
                        private volatile boolean closed;

                        @Override
                        public Transaction read() throws Exception {
                            while (!closed) {
                                String s = queue.poll(100, TimeUnit.MILLISECONDS);
                                if (s != null) return new Transaction(Batch.of(withMetadata(s)), null);
                            }
                            throw new InterruptedException("closed");
                        }

                        @Override
                        public void close() {
                            closed = true;
                        }
                    };
                });
    }

    /** {@code "key=value,key2=value2|body"} sets metadata; text without '|' is the body. */
    private static Part withMetadata(String s) {
        int bar = s.indexOf('|');
        if (bar <= 0) return Part.of(s);
        Part p = Part.of(s.substring(bar + 1));
        for (String kv : s.substring(0, bar).split(",")) {
            String[] t = kv.split("=", 2);
            p.setMeta(t[0], t[1]);
        }
        return p;
    }
}
