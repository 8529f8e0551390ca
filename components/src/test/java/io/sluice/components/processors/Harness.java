package io.sluice.components.processors;

import io.sluice.bloblang.BloblangLanguage;
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
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds processors from YAML the way a stream does (lint first, then the registered factory), with
 * test resources and the real Bloblang. Also runs them and reads results.
 */
final class Harness {
    final ComponentRegistry registry = new ComponentRegistry();
    final ExpressionLanguage expressions;
    final Map<String, Cache> caches = new HashMap<>();
    final Map<String, RateLimit> rateLimits = new HashMap<>();
    final Map<String, String> processorResources = new HashMap<>();
    private final Map<String, Processor> builtProcessors = new HashMap<>();
    final StreamMetrics metrics = new StreamMetrics();
    final TestProcessors.Recorder recorder = new TestProcessors.Recorder();

    Harness() {
        this.expressions = new BloblangLanguage();
        new ProcessorComponents().register(registry);
        TestProcessors.register(registry, recorder);
    }

    Harness cache(String label, Cache cache) {
        caches.put(label, cache);
        return this;
    }

    Harness rateLimit(String label, RateLimit rateLimit) {
        rateLimits.put(label, rateLimit);
        return this;
    }

    /** Declares a processor resource by label; {@code yaml} is its config without the label. */
    Harness processorResource(String label, String yaml) {
        processorResources.put(label, yaml);
        return this;
    }

    /** Lints and builds one processor from its YAML config, e.g. {@code "sleep:\n  duration: 1s"}. */
    Processor processor(String yaml) throws Exception {
        ConfigNode node = ConfigLoader.parseRaw(yaml, "test.yaml");
        ConfigValidator validator = new ConfigValidator(registry, expressions);
        validator.checkComponent(node, ComponentKind.PROCESSOR, "");
        List<ConfigProblem> problems = validator.problems();
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Context root = new Context("", "");
        return (Processor) root.build(ComponentKind.PROCESSOR, new Conf(node, FieldSpec.processor(""), "", node.pos(), root));
    }

    /** The linted config of a processor's type (e.g. the object under {@code log:}), for calling a factory directly. */
    Conf typeConf(String yaml) throws Exception {
        ConfigNode node = ConfigLoader.parseRaw(yaml, "test.yaml");
        ConfigValidator validator = new ConfigValidator(registry, expressions);
        validator.checkComponent(node, ComponentKind.PROCESSOR, "");
        if (!validator.problems().isEmpty()) throw new ConfigException(validator.problems());
        ComponentNode cn = (ComponentNode) ComponentNode.parse(node, ComponentKind.PROCESSOR);
        var reg = registry.find(ComponentKind.PROCESSOR, cn.type()).orElseThrow();
        return new Conf(cn.config(), reg.spec().config(), cn.type(), cn.typePos(), new Context("", ""));
    }

    // ---- running and reading ----

    static List<Batch> run(Processor p, Batch batch) throws InterruptedException {
        return p.process(batch);
    }

    static List<List<String>> texts(List<Batch> batches) {
        List<List<String>> out = new ArrayList<>();
        for (Batch b : batches) {
            List<String> texts = new ArrayList<>();
            for (Part p : b) texts.add(p.text());
            out.add(texts);
        }
        return out;
    }

    static List<String> flatTexts(List<Batch> batches) {
        List<String> out = new ArrayList<>();
        for (Batch b : batches) for (Part p : b) out.add(p.text());
        return out;
    }

    static List<String> errors(List<Batch> batches) {
        List<String> out = new ArrayList<>();
        for (Batch b : batches) for (Part p : b) out.add(p.errorMessage());
        return out;
    }

    static Part erroredPart(String text, String error) {
        Part p = Part.of(text);
        p.setError(new Exception(error));
        return p;
    }

    // ---- the context components see ----

    final class Context implements ComponentContext {
        private final String label;
        private final String path;
        private final ComponentLog log;

        Context(String label, String path) {
            this.label = label;
            this.path = path;
            this.log = new ComponentLog("sluice.test", "test", label, path);
        }

        @Override public String streamName() { return "test"; }
        @Override public String label() { return label; }
        @Override public String path() { return path; }
        @Override public ComponentLog log() { return log; }
        @Override public Resources resources() { return resources; }
        @Override public ComponentRegistry registry() { return registry; }
        @Override public ExpressionLanguage expressions() { return expressions; }
        @Override public StreamMetrics metrics() { return metrics; }
        @Override public Map<Class<?>, Object> services() { return Map.of(); }

        @Override
        public Object build(ComponentKind kind, Conf conf) throws Exception {
            ConfigNode node = conf.node();
            if (node == null) node = ConfigNode.fromPlain(conf.spec().defaultValue(), conf.position());
            Object parsed = ComponentNode.parse(node, kind);
            if (parsed instanceof String err) throw new ConfigException(node.pos(), conf.path(), err);
            ComponentNode cn = (ComponentNode) parsed;
            if (cn.type().equals("resource")) {
                String ref = String.valueOf(cn.config().toPlain());
                return switch (kind) {
                    case PROCESSOR -> resources.processor(ref);
                    case CACHE -> resources.cache(ref);
                    case RATE_LIMIT -> resources.rateLimit(ref);
                    default -> throw new IllegalArgumentException("no " + kind + " resources in tests");
                };
            }
            var reg = registry.find(kind, cn.type()).orElseThrow(() -> new ConfigException(cn.typePos(), conf.path(),
                    "unknown " + kind.singular() + " type '" + cn.type() + "'"));
            String typePath = conf.path().isEmpty() ? cn.type() : conf.path() + "." + cn.type();
            Context child = new Context(cn.label() == null ? "" : cn.label(), conf.path());
            Conf typeConf = new Conf(cn.config(), reg.spec().config(), typePath, cn.typePos(), child);
            return reg.factory().create(typeConf, child);
        }
    }

    private final Resources resources = new Resources() {
        @Override
        public Cache cache(String label) throws ResourceNotFoundException {
            Cache c = caches.get(label);
            if (c == null) throw new ResourceNotFoundException("cache", label);
            return c;
        }

        @Override
        public RateLimit rateLimit(String label) throws ResourceNotFoundException {
            RateLimit r = rateLimits.get(label);
            if (r == null) throw new ResourceNotFoundException("rate_limit", label);
            return r;
        }

        @Override
        public Processor processor(String label) throws ResourceNotFoundException {
            Processor built = builtProcessors.get(label);
            if (built != null) return built;
            String yaml = processorResources.get(label);
            if (yaml == null) throw new ResourceNotFoundException("processor", label);
            try {
                built = Harness.this.processor(yaml);
            } catch (Exception e) {
                throw new IllegalStateException("failed to build processor resource '" + label + "': " + e.getMessage(), e);
            }
            builtProcessors.put(label, built);
            return built;
        }

        @Override
        public Input input(String label) throws ResourceNotFoundException {
            throw new ResourceNotFoundException("input", label);
        }

        @Override
        public Output output(String label) throws ResourceNotFoundException {
            throw new ResourceNotFoundException("output", label);
        }

        @Override
        public boolean hasCache(String label) {
            return caches.containsKey(label);
        }

        @Override
        public boolean hasRateLimit(String label) {
            return rateLimits.containsKey(label);
        }
    };
}
