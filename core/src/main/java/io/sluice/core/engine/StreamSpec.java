package io.sluice.core.engine;

import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.util.List;
import java.util.Map;

/** The top level of a stream config, declared like any component so lint and docs read it too. */
public final class StreamSpec {
    private StreamSpec() {
    }

    private static FieldSpec resourceList(String name, FieldType type) {
        return FieldSpec.of(name, type).array().defaultValue(List.of())
                .description("A list of " + type.docName() + " resources, each referenced by its label.");
    }

    public static final FieldSpec LOGGER = FieldSpec.object("logger",
            FieldSpec.string("level").defaultValue("INFO").options("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL", "NONE",
                    "off", "fatal", "error", "warn", "info", "debug", "trace", "all", "none").description("Set the minimum severity level for emitting logs."),
            FieldSpec.string("format").defaultValue("logfmt").options("json", "logfmt", "text").description("Set the format of emitted logs."),
            FieldSpec.bool("add_timestamp").defaultValue(false).description("Whether to include timestamps in logs."),
            FieldSpec.string("level_name").defaultValue("level").advanced(),
            FieldSpec.string("timestamp_name").defaultValue("time").advanced(),
            FieldSpec.string("message_name").defaultValue("msg").advanced(),
            FieldSpec.stringMap("static_fields").defaultValue(Map.of("@service", "sluice")).description("A map of key/value pairs to add to each structured log."),
            FieldSpec.any("file").optional().advanced()
    ).description("Describes how operational logs should be emitted.");

    public static final FieldSpec ROOT = FieldSpec.object("",
            FieldSpec.any("http").optional().advanced().description("Configures the service-wide HTTP server (standalone mode)."),
            FieldSpec.input("input").defaultValue(Map.of("stdin", Map.of())).description("An input to source messages from."),
            FieldSpec.of("buffer", FieldType.BUFFER).defaultValue(Map.of("none", Map.of())).description("An optional buffer to store messages during transit."),
            FieldSpec.object("pipeline",
                    FieldSpec.integer("threads").defaultValue(-1).description("The number of threads to execute processing pipelines across; -1 matches the number of logical CPUs."),
                    FieldSpec.processors("processors").defaultValue(List.of()).description("A list of processors to apply to messages."))
                    .description("Describes optional processing pipelines used for mutating messages."),
            FieldSpec.output("output").defaultValue(Map.of("stdout", Map.of())).description("An output to sink messages to."),
            FieldSpec.object("resources",
                    resourceList("caches", FieldType.CACHE), resourceList("rate_limits", FieldType.RATE_LIMIT),
                    resourceList("processors", FieldType.PROCESSOR), resourceList("inputs", FieldType.INPUT),
                    resourceList("outputs", FieldType.OUTPUT)).optional()
                    .description("Resources (caches, rate limits, processors, inputs, outputs) shared by label."),
            resourceList("input_resources", FieldType.INPUT),
            resourceList("processor_resources", FieldType.PROCESSOR),
            resourceList("output_resources", FieldType.OUTPUT),
            resourceList("cache_resources", FieldType.CACHE),
            resourceList("rate_limit_resources", FieldType.RATE_LIMIT),
            LOGGER,
            FieldSpec.of("metrics", FieldType.METRICS).defaultValue(Map.of("prometheus", Map.of())).description("A mechanism for exporting metrics."),
            FieldSpec.of("tracer", FieldType.TRACER).defaultValue(Map.of("none", Map.of())).description("A mechanism for exporting traces."),
            FieldSpec.duration("shutdown_delay").defaultValue("0s").description("A period of time to wait for metrics and traces to be pulled or pushed before shutting down."),
            FieldSpec.duration("shutdown_timeout").defaultValue("20s").description("The maximum period of time to wait for a clean shutdown; in-flight messages are drained within it."),
            FieldSpec.any("tests").optional().advanced().description("Unit test definitions (accepted for compatibility)."));
}
