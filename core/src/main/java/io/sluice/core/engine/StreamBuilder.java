package io.sluice.core.engine;

import io.sluice.core.component.Buffer;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Input;
import io.sluice.core.component.InputGate;
import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.component.Resources;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.observe.MeteredOutput;
import io.sluice.core.observe.MeteredProcessor;
import io.sluice.core.observe.StreamMeters;
import io.sluice.core.observe.TracedProcessor;
import io.sluice.core.observe.Tracing;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated stream config into a runnable {@link Stream}: resources, input (with its
 * processors), buffer, pipeline, output (with its processors and batching).
 */
public final class StreamBuilder {
    private final ComponentRegistry registry;
    private final Map<Class<?>, Object> services;

    public StreamBuilder(ComponentRegistry registry) {
        this(registry, Map.of());
    }

    public StreamBuilder(ComponentRegistry registry, Map<Class<?>, Object> services) {
        this.registry = registry;
        this.services = services;
    }

    /** Validates the whole config first, so every problem is reported at once with its position. */
    public Stream build(String name, ConfigNode root) throws ConfigException {
        // Lint with the language the stream will be built with: a restricted one must not read imports while linting.
        List<ConfigProblem> problems = (services.get(ExpressionLanguage.class) instanceof ExpressionLanguage chosen
                ? new ConfigValidator(registry, chosen) : ConfigValidator.withDefaults(registry)).validate(root, StreamSpec.ROOT);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Conf conf = new Conf(root, StreamSpec.ROOT, "", root.pos(), null);
        StreamMeters meters = StreamObservation.meters(name, conf.child("metrics"), () -> expressionsFor(services));
        Context ctx = new Context(name, registry, services, new StreamMetrics(), meters);
        conf = conf.withContext(ctx);
        try {
            declareResources(ctx, conf);
            Input input = ctx.input(conf.child("input"));
            if (services.get(InputGate.class) instanceof InputGate gate) input = gate.wrap(input);
            Buffer buffer = (Buffer) ctx.build(ComponentKind.BUFFER, conf.child("buffer"));
            Conf pipeline = conf.child("pipeline");
            int threads = pipeline.integer("threads"); // -1 (one per core) is resolved by the stream
            List<Processor> processors = ctx.processors(pipeline.child("processors"));
            Output output = ctx.output(conf.child("output"));
            if (meters.enabled()) output = new MeteredOutput(output, meters, labelOf(conf.child("output"), ComponentKind.OUTPUT), "root.output");
            Duration shutdownTimeout = conf.duration("shutdown_timeout");
            Stream stream = new Stream(name, typeOf(conf.child("input"), ComponentKind.INPUT), input, buffer, processors, threads,
                    typeOf(conf.child("output"), ComponentKind.OUTPUT), output, shutdownTimeout, ctx);
            StreamObservation.bridge(stream, meters, labelOf(conf.child("input"), ComponentKind.INPUT),
                    labelOf(conf.child("output"), ComponentKind.OUTPUT));
            return stream;
        } catch (ConfigException e) {
            meters.close();
            throw e;
        } catch (Exception e) {
            meters.close();
            throw new ConfigException(root.pos(), "", "failed to build stream: " + e.getMessage());
        }
    }

    /**
     * Builds only {@code target} (a list of processors, or one) of a config, with the config's resources, outside any
     * running stream: what {@code sluice test} runs. The whole config is linted first, as for {@link #build}.
     */
    public List<Processor> buildProcessors(String name, ConfigNode root, ConfigNode target, String path) throws ConfigException {
        List<ConfigProblem> problems = ConfigValidator.withDefaults(registry).validate(root, StreamSpec.ROOT);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Context ctx = new Context(name, registry, services, new StreamMetrics(), StreamMeters.DISABLED);
        ConfigNode list = target instanceof ConfigNode.ListNode ? target : new ConfigNode.ListNode(target.pos(), List.of(target));
        try {
            declareResources(ctx, new Conf(root, StreamSpec.ROOT, "", root.pos(), ctx));
            List<Processor> built = new ArrayList<>();
            for (Conf p : new Conf(list, FieldSpec.processors("processors"), path, list.pos(), ctx).elements()) {
                built.add((Processor) ctx.build(ComponentKind.PROCESSOR, p));
            }
            return built;
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(target.pos(), path, "failed to build processors: " + e.getMessage());
        }
    }

    private static ExpressionLanguage expressionsFor(Map<Class<?>, Object> services) {
        return services.get(ExpressionLanguage.class) instanceof ExpressionLanguage chosen ? chosen : ExpressionLanguage.get();
    }

    /** The label a validated config gives its component, or "" when none. */
    private static String labelOf(Conf conf, ComponentKind kind) {
        ConfigNode node = conf.node() != null ? conf.node() : ConfigNode.fromPlain(conf.spec().defaultValue(), conf.position());
        return ComponentNode.parse(node, kind) instanceof ComponentNode cn && cn.label() != null ? cn.label() : "";
    }

    /** The component type a validated config names ({@code kafka}, {@code resource}, ...), for status pages. */
    private static String typeOf(Conf conf, ComponentKind kind) {
        ConfigNode node = conf.node() != null ? conf.node() : ConfigNode.fromPlain(conf.spec().defaultValue(), conf.position());
        return ComponentNode.parse(node, kind) instanceof ComponentNode cn ? cn.type() : "";
    }

    private static void declareResources(Context ctx, Conf conf) {
        Conf grouped = conf.child("resources");
        for (ComponentKind k : List.of(ComponentKind.CACHE, ComponentKind.RATE_LIMIT, ComponentKind.PROCESSOR, ComponentKind.INPUT, ComponentKind.OUTPUT)) {
            for (Conf c : conf.list(k.singular() + "_resources")) ctx.resources.declare(k, c);
            if (grouped.isPresent()) for (Conf c : grouped.list(k.plural())) ctx.resources.declare(k, c);
        }
    }

    /** The {@link ComponentContext} of one component of a stream; builds nested components. */
    public static final class Context implements ComponentContext {
        private final String streamName;
        private final String label;
        private final String path;
        private final ComponentRegistry registry;
        private final Map<Class<?>, Object> services;
        private final StreamMetrics metrics;
        private final StreamMeters meters;
        final StreamResources resources;
        private final ComponentLog log;

        Context(String streamName, ComponentRegistry registry, Map<Class<?>, Object> services, StreamMetrics metrics, StreamMeters meters) {
            this.streamName = streamName;
            this.label = "";
            this.path = "";
            this.registry = registry;
            this.services = services;
            this.metrics = metrics;
            this.meters = meters;
            this.resources = new StreamResources(this);
            this.log = new ComponentLog("sluice.stream", streamName, "", "");
        }

        private Context(Context parent, String label, String path, String loggerName) {
            this.streamName = parent.streamName;
            this.label = label;
            this.path = path;
            this.registry = parent.registry;
            this.services = parent.services;
            this.metrics = parent.metrics;
            this.meters = parent.meters;
            this.resources = parent.resources;
            this.log = parent.log.child(loggerName, label, path);
        }

        @Override public String streamName() { return streamName; }
        @Override public String label() { return label; }
        @Override public String path() { return path; }
        @Override public ComponentLog log() { return log; }
        @Override public Resources resources() { return resources; }
        @Override public ComponentRegistry registry() { return registry; }
        @Override public StreamMetrics metrics() { return metrics; }
        @Override public StreamMeters meters() { return meters; }
        @Override public Map<Class<?>, Object> services() { return services; }

        @Override
        public ExpressionLanguage expressions() {
            // A stream built for someone else (an API definition) may bring a restricted language as a service.
            return services.get(ExpressionLanguage.class) instanceof ExpressionLanguage chosen ? chosen : ExpressionLanguage.get();
        }

        StreamResources streamResources() {
            return resources;
        }

        @Override
        public Object build(ComponentKind kind, Conf conf) throws Exception {
            ConfigNode node = conf.node();
            if (node == null) {
                if (!conf.spec().hasDefault()) throw conf.invalid(kind.singular() + " is required");
                node = ConfigNode.fromPlain(conf.spec().defaultValue(), conf.position());
            }
            Object parsed = ComponentNode.parse(node, kind);
            if (parsed instanceof String err) throw conf.invalid(err);
            ComponentNode cn = (ComponentNode) parsed;
            String label = cn.label() == null ? "" : cn.label();
            Object component;
            if (cn.type().equals("resource")) {
                String ref = String.valueOf(cn.config().toPlain());
                component = switch (kind) {
                    case INPUT -> resources.input(ref);
                    case OUTPUT -> resources.output(ref);
                    case PROCESSOR -> resources.processor(ref);
                    case CACHE -> resources.cache(ref);
                    case RATE_LIMIT -> resources.rateLimit(ref);
                    default -> throw new ConfigException(cn.typePos(), conf.path(), "a " + kind.singular() + " cannot be a resource");
                };
            } else {
                ComponentRegistry.Registration reg = registry.find(kind, cn.type()).orElseThrow(() -> new ConfigException(cn.typePos(),
                        conf.path(), "unknown " + kind.singular() + " type '" + cn.type() + "'"));
                Context child = new Context(this, label, conf.path(), "sluice." + kind.singular() + "." + cn.type());
                FieldSpec spec = reg.spec().config();
                Conf typeConf = new Conf(reg.spec().reshape(cn.config()), spec, conf.path().isEmpty() ? cn.type() : conf.path() + "." + cn.type(), cn.typePos(), child);
                component = reg.factory().create(typeConf, child);
                if (kind == ComponentKind.OUTPUT && spec.child("batching").isPresent()) {
                    BatchPolicy policy = BatchPolicy.from(typeConf.child("batching"));
                    if (!policy.isNoop()) component = new BatchingOutput((Output) component, policy);
                }
            }
            // Each processor is counted where the config places it (a resource where it is referenced, not where declared).
            if (kind == ComponentKind.PROCESSOR && meters.enabled() && !StreamObservation.isResourceDeclaration(conf.path())) {
                component = new MeteredProcessor((Processor) component, meters, label, "root." + conf.path());
            }
            if (kind == ComponentKind.PROCESSOR && Tracing.enabled() && !StreamObservation.isResourceDeclaration(conf.path())) {
                component = new TracedProcessor((Processor) component, label, "root." + conf.path());
            }
            if (cn.processors() != null && kind.takesProcessors()) {
                Conf procs = new Conf(cn.processors(), FieldSpec.processors("processors"), conf.path() + ".processors", cn.processors().pos(), this);
                List<Processor> list = new ArrayList<>();
                for (Conf p : procs.elements()) list.add((Processor) build(ComponentKind.PROCESSOR, p));
                if (!list.isEmpty()) {
                    component = kind == ComponentKind.INPUT ? new ProcessingInput((Input) component, list)
                            : new ProcessingOutput((Output) component, list);
                }
            }
            return component;
        }
    }
}
