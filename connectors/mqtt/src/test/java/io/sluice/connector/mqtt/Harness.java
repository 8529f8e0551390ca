package io.sluice.connector.mqtt;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Resources;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfigValidator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds streams and single components from YAML the way the engine does. */
final class Harness {
    private Harness() {
    }

    static Stream start(String yaml) throws Exception {
        Stream s = new StreamBuilder(ComponentRegistry.global()).build("it", ConfigLoader.parseRaw(yaml, "it.yaml"));
        s.start();
        return s;
    }

    static void stop(Stream s) {
        if (s != null) s.stop(Duration.ofSeconds(5));
    }

    /** Lints and builds one component from its config body (the part under the type name). */
    static Object component(ComponentKind kind, String type, String yaml) throws Exception {
        ComponentRegistry registry = ComponentRegistry.global();
        var reg = registry.find(kind, type).orElseThrow();
        ConfigNode node = ConfigLoader.parseRaw(yaml, "component.yaml");
        List<ConfigProblem> problems = ConfigValidator.withDefaults(registry).validate(node, reg.spec().config());
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Context ctx = new Context(type);
        return reg.factory().create(new Conf(node, reg.spec().config(), type, node.pos(), ctx), ctx);
    }

    private record Context(String path) implements ComponentContext {
        @Override public String streamName() { return "test"; }
        @Override public String label() { return ""; }
        @Override public ComponentLog log() { return new ComponentLog("sluice.test." + path, "test", "", path); }
        @Override public Resources resources() { throw new UnsupportedOperationException(); }
        @Override public ComponentRegistry registry() { return ComponentRegistry.global(); }
        @Override public ExpressionLanguage expressions() { return ExpressionLanguage.get(); }
        @Override public StreamMetrics metrics() { return new StreamMetrics(); }
        @Override public Object build(ComponentKind kind, Conf componentConf) { throw new UnsupportedOperationException(); }
        @Override public Map<Class<?>, Object> services() { return Map.of(); }
    }
}
