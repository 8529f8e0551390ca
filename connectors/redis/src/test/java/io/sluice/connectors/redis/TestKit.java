package io.sluice.connectors.redis;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Resources;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Test helpers: a {@code test_sink} output that records messages (and can refuse the first N
 * writes), a {@code test_source} input that emits given texts, a bare {@link ComponentContext}, and
 * the service reachability check ({@code sluice.it.required}: fail, never skip, when true).
 */
public final class TestKit implements ComponentProvider {

    /** Named sinks: what each received, and how many writes each must still refuse. */
    public static final Map<String, CopyOnWriteArrayList<Part>> SINKS = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    public static final Map<String, LinkedBlockingQueue<String>> SOURCES = new ConcurrentHashMap<>();

    @Override
    public void register(ComponentRegistry r) {
        r.register(ComponentSpec.output("test_sink").fields(FieldSpec.string("name"), FieldSpec.integer("max_in_flight").defaultValue(1)),
                (conf, ctx) -> new SinkOutput(conf.string("name"), conf.integer("max_in_flight")));
        r.register(ComponentSpec.input("test_source").fields(FieldSpec.string("name")),
                (conf, ctx) -> new SourceInput(conf.string("name")));
    }

    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static List<Part> sink(String name) {
        return SINKS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    }

    public static void failFirst(String sink, int n) {
        FAILURES.computeIfAbsent(sink, k -> new AtomicInteger()).set(n);
    }

    public static LinkedBlockingQueue<String> source(String name) {
        return SOURCES.computeIfAbsent(name, k -> new LinkedBlockingQueue<>());
    }

    static final class SinkOutput implements Output {
        private final String name;
        private final int mif;

        SinkOutput(String name, int mif) {
            this.name = name;
            this.mif = mif;
        }

        @Override
        public int maxInFlight() {
            return mif;
        }

        @Override
        public void write(Batch batch) throws Exception {
            AtomicInteger f = FAILURES.get(name);
            if (f != null && f.getAndUpdate(x -> Math.max(0, x - 1)) > 0) throw new IOException("test_sink " + name + " refuses this write");
            for (Part p : batch) sink(name).add(p.copy());
        }

        @Override
        public void close() {
        }
    }

    static final class SourceInput implements Input {
        private final String name;
        private volatile boolean closed;

        SourceInput(String name) {
            this.name = name;
        }

        @Override
        public Transaction read() throws Exception {
            while (!closed) {
                String s = source(name).poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (s != null) {
                    Part p = Part.of(s);
                    int bar = s.indexOf('|');
                    if (bar > 0) {
                        // "key=value,key2=value2|body" sets metadata
                        p = Part.of(s.substring(bar + 1));
                        for (String kv : s.substring(0, bar).split(",")) {
                            String[] t = kv.split("=", 2);
                            p.setMeta(t[0], t[1]);
                        }
                    }
                    return new Transaction(Batch.of(p), null);
                }
            }
            throw new InterruptedException("closed");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    // ---- streams and components ----

    public static Stream startStream(String yaml) throws Exception {
        Stream s = new StreamBuilder(ComponentRegistry.global()).build(unique("stream"), ConfigLoader.parseRaw(yaml, "test.yaml"));
        return s.start();
    }

    /** Builds one component of the global registry from the YAML of its config, outside any stream. */
    public static Object build(ComponentKind kind, String type, String yaml) throws Exception {
        ComponentRegistry.Registration reg = ComponentRegistry.global().find(kind, type).orElseThrow();
        ConfigNode node = ConfigLoader.parseRaw(yaml, "component.yaml");
        ComponentContext ctx = context(kind.singular() + "." + type, unique("c"));
        Conf conf = new Conf(node, reg.spec().config(), kind.singular() + "." + type, node.pos(), ctx);
        return reg.factory().create(conf, ctx);
    }

    public static ComponentContext context(String path) {
        return context(path, "test");
    }

    public static ComponentContext context(String path, String streamName) {
        ComponentLog log = new ComponentLog("sluice.test", streamName, "", path);
        StreamMetrics metrics = new StreamMetrics();
        return new ComponentContext() {
            @Override public String streamName() { return streamName; }
            @Override public String label() { return ""; }
            @Override public String path() { return path; }
            @Override public ComponentLog log() { return log; }
            @Override public Resources resources() { return NO_RESOURCES; }
            @Override public ComponentRegistry registry() { return ComponentRegistry.global(); }
            @Override public ExpressionLanguage expressions() { return ExpressionLanguage.find().orElse(LiteralMappings.INSTANCE); }
            @Override public StreamMetrics metrics() { return metrics; }
            @Override public Object build(ComponentKind kind, Conf componentConf) { throw new UnsupportedOperationException(); }
            @Override public Map<Class<?>, Object> services() { return Map.of(); }
        };
    }

    private static final Resources NO_RESOURCES = new Resources() {
        @Override public Cache cache(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("cache", label); }
        @Override public RateLimit rateLimit(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("rate_limit", label); }
        @Override public Processor processor(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("processor", label); }
        @Override public Input input(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("input", label); }
        @Override public Output output(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("output", label); }
        @Override public boolean hasCache(String label) { return false; }
        @Override public boolean hasRateLimit(String label) { return false; }
    };

    // ---- waiting and services ----

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(20);
        }
        Assertions.fail("timed out after " + timeout + " waiting for " + what);
    }

    /** Fails (or, with -Dsluice.it.required=false, skips) when the service does not answer on host:port. */
    public static void requireService(String name, String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            String msg = name + " is not reachable at " + host + ":" + port + " (" + e.getMessage() + "); start it, or run with -Dsluice.it.required=false to skip";
            if (Boolean.parseBoolean(System.getProperty("sluice.it.required", "true"))) Assertions.fail(msg);
            Assumptions.abort(msg);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public static List<String> texts(List<Part> parts) {
        List<String> out = new ArrayList<>();
        for (Part p : parts) out.add(p.text());
        return out;
    }
}
