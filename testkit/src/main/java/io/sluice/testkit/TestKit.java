package io.sluice.testkit;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Resources;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfigValidator;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * Static helpers for component and stream tests: build streams and single components from YAML the
 * way the engine does, a bare {@link ComponentContext}, the {@link TestComponents} accessors, waiting,
 * free ports and the service guard ({@link Services}).
 */
public final class TestKit {
    private TestKit() {
    }

    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    // ---- test_sink / test_source (see TestComponents) ----

    /** What the test_sink (or test_collect) output named {@code name} accepted. */
    public static List<Part> sink(String name) {
        return TestComponents.sink(name).accepted;
    }

    /** The test_sink named {@code sink} refuses its next {@code n} writes. */
    public static void failFirst(String sink, int n) {
        TestComponents.sink(sink).refuse.set(n);
    }

    /** The queue the test_source input named {@code name} emits from. */
    public static LinkedBlockingQueue<String> source(String name) {
        return TestComponents.source(name);
    }

    // ---- streams and components ----

    /** Builds and starts a stream of the global registry under a unique name. */
    public static Stream startStream(String yaml) throws Exception {
        Stream s = new StreamBuilder(ComponentRegistry.global()).build(unique("stream"), ConfigLoader.parseRaw(ordered(yaml), "test.yaml"));
        return s.start();
    }

    /**
     * Gives a config without a {@code pipeline} section one pipeline thread: with several (the
     * default is one per CPU) the dialect does not promise order, and tests assert it.
     */
    public static String ordered(String yaml) {
        return yaml.contains("pipeline:") ? yaml : yaml + "\npipeline:\n  threads: 1\n";
    }

    public static void stop(Stream s) {
        if (s != null) s.stop(Duration.ofSeconds(5));
    }

    /**
     * Builds one component of the global registry from the YAML of its config, outside any stream.
     * The config is linted first, as every config is before a stream builds it: the spec's checks
     * (required fields, constraints) are where a component's config errors come from.
     */
    public static Object build(ComponentKind kind, String type, String yaml) throws Exception {
        ComponentRegistry.Registration reg = ComponentRegistry.global().find(kind, type).orElseThrow();
        ConfigNode node = ConfigLoader.parseRaw(yaml, "component.yaml");
        ConfigValidator validator = ConfigValidator.withDefaults(ComponentRegistry.global());
        validator.check(node, reg.spec().config(), kind.singular() + "." + type);
        if (!validator.problems().isEmpty()) throw new ConfigException(validator.problems());
        ComponentContext ctx = context(kind.singular() + "." + type, unique("c"));
        Conf conf = new Conf(node, reg.spec().config(), kind.singular() + "." + type, node.pos(), ctx);
        return reg.factory().create(conf, ctx);
    }

    /** Lints, then builds, one component from its config body (the part under the type name). */
    public static Object component(ComponentKind kind, String type, String yaml) throws Exception {
        ComponentRegistry registry = ComponentRegistry.global();
        ComponentRegistry.Registration reg = registry.find(kind, type).orElseThrow();
        ConfigNode node = ConfigLoader.parseRaw(yaml, "component.yaml");
        // Lint under the same path the factory reads from, so a problem reads the same whether the
        // spec or the factory finds it.
        ConfigValidator validator = ConfigValidator.withDefaults(registry);
        validator.check(node, reg.spec().config(), type);
        List<ConfigProblem> problems = validator.problems();
        if (!problems.isEmpty()) throw new ConfigException(problems);
        ComponentContext ctx = context(type);
        return reg.factory().create(new Conf(node, reg.spec().config(), type, node.pos(), ctx), ctx);
    }

    public static ComponentContext context(String path) {
        return context(path, "test");
    }

    /** A context of the global registry with no resources and the expression language of the class path. */
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
            @Override public ExpressionLanguage expressions() { return ExpressionLanguage.get(); }
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

    /** {@link Services#require}: fails naming the service (or skips with -Dsluice.it.required=false). */
    public static void requireService(String name, String host, int port) {
        Services.require(name, host, port);
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
