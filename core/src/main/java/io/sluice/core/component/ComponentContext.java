package io.sluice.core.component;

import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentLookup;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a component may use while it is built and while it runs: its identity (stream, label, config
 * path) for logs, the stream's resources, and a way to build nested components (a {@code switch}
 * output's cases, a {@code branch}'s processors).
 */
public interface ComponentContext extends ConfContext {

    /**
     * The context a component's config was read in, for helpers that are handed only the Conf. Every Conf that a
     * factory receives has one.
     */
    static ComponentContext of(Conf conf) {
        if (conf.context() instanceof ComponentContext ctx) return ctx;
        throw new IllegalStateException("the config at '" + conf.path() + "' was not read in a component's context");
    }

    String streamName();

    String label();

    /** Dotted config path of this component, e.g. {@code pipeline.processors.0}. */
    String path();

    ComponentLog log();

    Resources resources();

    /** The specs of the components this stream can build. */
    ComponentLookup registry();

    /** Stream-wide counters (messages in/out, errors) keyed by component path. */
    StreamMetrics metrics();

    /**
     * This stream's meters in the process registry (per-component counters, the {@code metric} processor's metrics);
     * no-op meters when the stream runs with {@code metrics: none}.
     */
    default ComponentMeters meters() {
        return ComponentMeters.NONE;
    }

    /** Builds a nested component from a component-shaped config. */
    Object build(ComponentKind kind, Conf componentConf) throws Exception;

    // ---- nested components, from a field of a component's config (e.g. conf.child("output")) ----

    default Input input(Conf componentConf) throws Exception {
        return (Input) build(ComponentKind.INPUT, componentConf);
    }

    default Output output(Conf componentConf) throws Exception {
        return (Output) build(ComponentKind.OUTPUT, componentConf);
    }

    default Processor processor(Conf componentConf) throws Exception {
        return (Processor) build(ComponentKind.PROCESSOR, componentConf);
    }

    /** The inputs of an array field, in order. */
    default List<Input> inputs(Conf array) throws Exception {
        List<Input> out = new ArrayList<>();
        for (Conf c : array.elements()) out.add(input(c));
        return out;
    }

    /** The outputs of an array field, in order. */
    default List<Output> outputs(Conf array) throws Exception {
        List<Output> out = new ArrayList<>();
        for (Conf c : array.elements()) out.add(output(c));
        return out;
    }

    /** The processors of an array field, in order. */
    default List<Processor> processors(Conf array) throws Exception {
        List<Processor> out = new ArrayList<>();
        for (Conf c : array.elements()) out.add(processor(c));
        return out;
    }

    /** Values that the host (e.g. the gateway) hands to components, such as an HTTP route mounter. */
    Map<Class<?>, Object> services();

    default <T> T service(Class<T> type) {
        return type.cast(services().get(type));
    }
}
