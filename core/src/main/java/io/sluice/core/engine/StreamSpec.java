package io.sluice.core.engine;

import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;
import io.sluice.core.spec.UnitTestSpec;

import java.util.List;
import java.util.Map;

/** The top level of a stream config, declared like any component so lint and docs read it too. */
public final class StreamSpec {
    private StreamSpec() {
    }

    private static FieldSpec resourceList(String name, FieldType type) {
        return FieldSpec.of(name, type).array().defaultValue(List.of())
                .description("Shared " + type.docName() + " resources; each has a `label` that components use to name it.");
    }

    public static final FieldSpec LOGGER = FieldSpec.object("logger",
            FieldSpec.string("level").defaultValue("INFO").options("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL", "NONE",
                    "off", "fatal", "error", "warn", "info", "debug", "trace", "all", "none").description("The least severe level that is written."),
            FieldSpec.string("format").defaultValue("logfmt").options("json", "logfmt", "text").description("How log lines are written."),
            FieldSpec.bool("add_timestamp").defaultValue(false).description("Add the time to each line."),
            FieldSpec.string("level_name").defaultValue("level").advanced(),
            FieldSpec.string("timestamp_name").defaultValue("time").advanced(),
            FieldSpec.string("message_name").defaultValue("msg").advanced(),
            FieldSpec.stringMap("static_fields").defaultValue(Map.of("@service", "sluice")).description("Fields added to every line."),
            FieldSpec.any("file").optional().advanced()
    ).description("The stream's own log: level, format and fixed fields.");

    public static final FieldSpec ROOT = FieldSpec.object("",
            FieldSpec.any("http").optional().advanced().description("The process-wide HTTP server of a standalone stream."),
            FieldSpec.input("input").defaultValue(Map.of("stdin", Map.of())).description("Where messages come from."),
            FieldSpec.of("buffer", FieldType.BUFFER).defaultValue(Map.of("none", Map.of())).description("What holds messages between input and pipeline. `none` keeps at-least-once delivery; see each buffer."),
            FieldSpec.object("pipeline",
                    FieldSpec.integer("threads").defaultValue(-1).description("How many batches are processed at once; -1: one per CPU core. Above 1, batches may reach the output out of order. "
                            + "Left at -1 with processors that only compute (`mapping`, `mutation`) and no buffer, the pipeline runs on the input's "
                            + "thread instead: handing each message to another thread would cost more than the processing."),
                    FieldSpec.processors("processors").defaultValue(List.of()).description("The processors each batch goes through, in order."))
                    .description("What happens to messages between input and output."),
            FieldSpec.output("output").defaultValue(Map.of("stdout", Map.of())).description("Where messages go."),
            FieldSpec.object("resources",
                    resourceList("caches", FieldType.CACHE), resourceList("rate_limits", FieldType.RATE_LIMIT),
                    resourceList("processors", FieldType.PROCESSOR), resourceList("inputs", FieldType.INPUT),
                    resourceList("outputs", FieldType.OUTPUT)).optional()
                    .description("Caches, rate limits, processors, inputs and outputs declared once and named by label elsewhere."),
            resourceList("input_resources", FieldType.INPUT),
            resourceList("processor_resources", FieldType.PROCESSOR),
            resourceList("output_resources", FieldType.OUTPUT),
            resourceList("cache_resources", FieldType.CACHE),
            resourceList("rate_limit_resources", FieldType.RATE_LIMIT),
            LOGGER,
            FieldSpec.of("metrics", FieldType.METRICS).defaultValue(Map.of("prometheus", Map.of())).description("Where the stream's metrics go."),
            FieldSpec.of("tracer", FieldType.TRACER).defaultValue(Map.of("none", Map.of())).description("Where traces would go; accepted for compatibility."),
            FieldSpec.duration("shutdown_delay").defaultValue("0s").description("How long to keep running after a stop signal before stopping, so that metrics can be collected one last time and a load balancer sees `/ready` fail (in `sluice streams`, the longest delay of the streams applies)."),
            FieldSpec.duration("shutdown_timeout").defaultValue("20s").description("How long a stop may take. Messages in flight are finished within it; what is left is handed back to the input."),
            UnitTestSpec.TESTS);
}
