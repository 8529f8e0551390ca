package io.sluice.core.builtin;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

/** The components the engine itself needs: buffers, and the metrics and tracer choices. */
public final class CoreComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry r) {
        r.register(ComponentSpec.buffer("none")
                .summary("Do not buffer messages. This is the default and most resilient configuration.")
                .description("Messages are handed straight from the input to the pipeline, so the input is only acknowledged once the output accepted the message.")
                .fields(), (conf, ctx) -> new NoneBuffer(NoneBuffer.CAPACITY));
        r.register(ComponentSpec.buffer("memory")
                .summary("Stores consumed messages in memory and acknowledges them at the input level.")
                .description("During shutdown the buffer drains within the shutdown timeout. Messages still in the buffer when the process dies are lost.")
                .fields(FieldSpec.integer("limit").defaultValue(524288000).description("The maximum buffer size (in bytes) to allow before applying backpressure upstream."),
                        FieldSpec.object("batch_policy",
                                FieldSpec.bool("enabled").defaultValue(false).description("Whether to batch messages as they are flushed."),
                                FieldSpec.integer("count").defaultValue(0), FieldSpec.integer("byte_size").defaultValue(0),
                                FieldSpec.duration("period").defaultValue(""), FieldSpec.bloblang("check").defaultValue(""),
                                FieldSpec.processors("processors").defaultValue(java.util.List.of()))
                                .description("Optionally configure a policy to flush buffered messages in batches.").advanced()),
                (conf, ctx) -> new MemoryBuffer(conf.longValue("limit")));

        for (String name : new String[]{"none", "prometheus", "json_api", "logger", "statsd", "open_telemetry_collector"}) {
            r.register(ComponentSpec.of(name, ComponentKind.METRICS)
                    .summary("Stream metrics (" + name + "). Counters are kept per stream and exported by the gateway's analytics.")
                    .config(FieldSpec.any("").optional()), (conf, ctx) -> ctx.metrics());
        }
        for (String name : new String[]{"none", "open_telemetry_collector", "jaeger"}) {
            r.register(ComponentSpec.of(name, ComponentKind.TRACER)
                    .summary("Tracing (" + name + ").")
                    .config(FieldSpec.any("").optional()), (conf, ctx) -> name);
        }
    }
}
