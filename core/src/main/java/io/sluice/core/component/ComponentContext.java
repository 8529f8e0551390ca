package io.sluice.core.component;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.observe.StreamMeters;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;

import java.util.Map;

/**
 * What a component may use while it is built and while it runs: its identity (stream, label, config
 * path) for logs, the stream's resources, and a way to build nested components (a {@code switch}
 * output's cases, a {@code branch}'s processors).
 */
public interface ComponentContext {

    String streamName();

    String label();

    /** Dotted config path of this component, e.g. {@code pipeline.processors.0}. */
    String path();

    ComponentLog log();

    Resources resources();

    ComponentRegistry registry();

    ExpressionLanguage expressions();

    /** Stream-wide counters (messages in/out, errors) keyed by component path. */
    StreamMetrics metrics();

    /**
     * This stream's meters in the process registry (per-component counters, the {@code metric} processor's metrics);
     * no-op meters when the stream runs with {@code metrics: none}.
     */
    default StreamMeters meters() {
        return StreamMeters.DISABLED;
    }

    /** Builds a nested component from a component-shaped config. */
    Object build(ComponentKind kind, Conf componentConf) throws Exception;

    /** Values that the host (e.g. the gateway) hands to components, such as an HTTP route mounter. */
    Map<Class<?>, Object> services();

    default <T> T service(Class<T> type) {
        return type.cast(services().get(type));
    }
}
