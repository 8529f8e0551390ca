package io.sluice.connectors.http;

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
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds single components from YAML (with a bare context) and whole streams, as the engine does. */
final class Harness {
    private Harness() {
    }

    static Output output(String yaml) throws Exception {
        return (Output) build(ComponentKind.OUTPUT, yaml, Map.of());
    }

    static Processor processor(String yaml) throws Exception {
        return (Processor) build(ComponentKind.PROCESSOR, yaml, Map.of());
    }

    static Input input(String yaml, Map<String, RateLimit> rateLimits) throws Exception {
        return (Input) build(ComponentKind.INPUT, yaml, rateLimits);
    }

    /** Validates (as lint does) and builds a component config such as {@code http_client: {...}}. */
    static Object build(ComponentKind kind, String yaml, Map<String, RateLimit> rateLimits) throws Exception {
        ConfigNode node = ConfigLoader.parseRaw(yaml, "test.yaml");
        ConfigValidator v = ConfigValidator.withDefaults(ComponentRegistry.global());
        v.checkComponent(node, kind, kind.singular());
        List<ConfigProblem> problems = v.problems();
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Ctx(rateLimits).build(kind, new Conf(node, FieldSpec.any(""), kind.singular(), node.pos(), null));
    }

    /** Without a pipeline section the stream gets one pipeline thread: only then is order promised, and tests assert it. */
    static Stream stream(String yaml) throws ConfigException {
        String ordered = yaml.contains("pipeline:") ? yaml : yaml + "\npipeline:\n  threads: 1\n";
        return new StreamBuilder(ComponentRegistry.global()).build("test", ConfigLoader.parseRaw(ordered, "test.yaml"));
    }

    /** Starts the stream and waits for it to finish by itself. */
    static Stream runToEnd(String yaml, Duration timeout) throws Exception {
        Stream s = stream(yaml).start();
        s.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** A bare context: the global registry, Bloblang, and the given rate limits as resources. */
    static final class Ctx implements ComponentContext {
        private final Map<String, RateLimit> rateLimits;
        private final StreamMetrics metrics = new StreamMetrics();
        private final ComponentLog log = new ComponentLog("sluice.test", "test", "", "");

        Ctx(Map<String, RateLimit> rateLimits) {
            this.rateLimits = new HashMap<>(rateLimits);
        }

        @Override public String streamName() { return "test"; }
        @Override public String label() { return ""; }
        @Override public String path() { return ""; }
        @Override public ComponentLog log() { return log; }
        @Override public ComponentRegistry registry() { return ComponentRegistry.global(); }
        @Override public ExpressionLanguage expressions() { return ExpressionLanguage.get(); }
        @Override public StreamMetrics metrics() { return metrics; }
        @Override public Map<Class<?>, Object> services() { return Map.of(); }

        @Override
        public Resources resources() {
            return new Resources() {
                @Override public Cache cache(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("cache", label); }
                @Override public RateLimit rateLimit(String label) throws ResourceNotFoundException {
                    RateLimit r = rateLimits.get(label);
                    if (r == null) throw new ResourceNotFoundException("rate_limit", label);
                    return r;
                }
                @Override public Processor processor(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("processor", label); }
                @Override public Input input(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("input", label); }
                @Override public Output output(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("output", label); }
                @Override public boolean hasCache(String label) { return false; }
                @Override public boolean hasRateLimit(String label) { return rateLimits.containsKey(label); }
            };
        }

        @Override
        public Object build(ComponentKind kind, Conf conf) throws Exception {
            ConfigNode node = conf.node() != null ? conf.node() : ConfigNode.fromPlain(conf.spec().defaultValue(), conf.position());
            ComponentNode cn = (ComponentNode) ComponentNode.parse(node, kind);
            var reg = ComponentRegistry.global().find(kind, cn.type()).orElseThrow();
            return reg.factory().create(new Conf(cn.config(), reg.spec().config(), cn.type(), cn.typePos(), this), this);
        }
    }
}
