package io.sluice.components.io.support;

import io.sluice.components.io.IoComponents;
import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds streams for end-to-end tests from YAML, with a registry holding only the core and the io
 * components (so these tests do not depend on other modules' state), plus test components that
 * a test registers under names of its choosing.
 */
public final class TestKit {
    private final ComponentRegistry registry = new ComponentRegistry();

    public TestKit() {
        new CoreComponents().register(registry);
        new IoComponents().register(registry);
    }

    public ComponentRegistry registry() {
        return registry;
    }

    /** Registers {@code output} under {@code name} (config: {@code name: {}}). */
    public TestKit output(String name, Output output) {
        registry.register(ComponentSpec.output(name).fields(), (conf, ctx) -> output);
        return this;
    }

    /** Registers {@code input} under {@code name} (config: {@code name: {}}). */
    public TestKit input(String name, Input input) {
        registry.register(ComponentSpec.input(name).fields(), (conf, ctx) -> input);
        return this;
    }

    /**
     * Registers an input decorator under {@code name} (config: {@code name: {input: {...}}}) that
     * records how every transaction of the inner input was settled.
     */
    public TestKit ledger(String name, Ledger ledger) {
        registry.register(ComponentSpec.input(name).fields(FieldSpec.input("input")),
                (conf, ctx) -> ledger.wrap(ctx.input(conf.child("input"))));
        return this;
    }

    /**
     * Builds a stream. Without a {@code pipeline} section the pipeline gets one thread: with several
     * (the default is one per CPU) the dialect does not promise order, and these tests assert it.
     */
    public Stream build(String yaml) throws Exception {
        String withPipeline = yaml.contains("pipeline:") ? yaml : yaml + "pipeline:\n  threads: 1\n";
        return new StreamBuilder(registry).build("test", ConfigLoader.parseRaw(withPipeline, "test.yaml"));
    }

    /** Builds, starts, and waits for the stream to finish on its own. */
    public Stream run(String yaml, Duration timeout) throws Exception {
        Stream s = build(yaml).start();
        s.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }
}
