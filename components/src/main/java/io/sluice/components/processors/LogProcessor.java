package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prints one log event per message, with an interpolated message and optional structured fields; messages pass unchanged. */
final class LogProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("log")
            .categories("Utility")
            .summary("Writes a line to the stream's log for each message, and passes the message on unchanged.")
            .description("""
                    `message` is interpolated, so it can show each message's content and metadata. With the `json` or \
                    `logfmt` log format, `fields_mapping` adds fields: it runs on each message, and every key of the \
                    object it returns becomes a field of the log line.

                    A line below the logger's level (`logger.level`, INFO by default) is not written: `level: DEBUG` \
                    shows nothing until the logger is set to DEBUG too.""")
            .fields(
                    FieldSpec.string("level").defaultValue("INFO")
                            .description("The level of the line: TRACE, DEBUG, INFO, WARN or ERROR, in any case."),
                    FieldSpec.bloblang("fields_mapping").optional()
                            .description("A mapping that returns an object; its keys and values become fields of the line. On a clash, `fields` wins.")
                            .example("root.order = this.order_id\nroot.total = this.total.number()\nroot.topic = @kafka_topic"),
                    FieldSpec.string("message").interpolated().defaultValue("")
                            .description("The text of the line, interpolated per message."),
                    FieldSpec.string("fields").interpolated().map().optional().deprecated()
                            .description("Deprecated: fields as a map of interpolated strings. Use `fields_mapping`."))
            .example("Log rejected payments", "A warning for each declined payment, with its id and amount as fields.", """
                    pipeline:
                      processors:
                        - switch:
                            - check: this.status == "declined"
                              processors:
                                - log:
                                    level: WARN
                                    message: 'payment ${! this.id } declined'
                                    fields_mapping: |
                                      root.payment = this.id
                                      root.amount = this.amount
                    """);

    /** Where events go; the stream logger in production, a recorder in tests. */
    @FunctionalInterface
    interface Sink {
        void log(Level level, String message, Map<String, Object> fields);
    }

    private final Level level;
    private final Interpolation message;
    private final Mapping fieldsMapping;            // null when not configured
    private final Map<String, Interpolation> fields;
    private final Sink sink;
    private final ComponentContext ctx;

    LogProcessor(Level level, Interpolation message, Mapping fieldsMapping, Map<String, Interpolation> fields, Sink sink,
                 ComponentContext ctx) {
        this.level = level;
        this.message = message;
        this.fieldsMapping = fieldsMapping;
        this.fields = fields;
        this.sink = sink;
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return create(conf, ctx, slf4jSink(ctx));
    }

    static LogProcessor create(Conf conf, ComponentContext ctx, Sink sink) throws ConfigException {
        Level level = parseLevel(conf);
        Mapping fieldsMapping = conf.isSet("fields_mapping") && !conf.string("fields_mapping").isBlank()
                ? conf.mapping("fields_mapping") : null;
        Map<String, Interpolation> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Conf> e : conf.child("fields").entries().entrySet()) {
            fields.put(e.getKey(), e.getValue().asInterpolation());
        }
        return new LogProcessor(level, conf.interpolation("message"), fieldsMapping, fields, sink, ctx);
    }

    private static Level parseLevel(Conf conf) throws ConfigException {
        String text = conf.string("level");
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN" -> Level.WARN;
            case "ERROR" -> Level.ERROR;
            default -> throw conf.invalid("level", "log level not recognised: " + text + " (expected TRACE, DEBUG, INFO, WARN or ERROR)");
        };
    }

    /** Logs through SLF4J under {@code sluice.processor.log}, stamped like every component log line. */
    private static Sink slf4jSink(ComponentContext ctx) {
        Logger logger = LoggerFactory.getLogger("sluice.processor.log");
        return (level, message, fields) -> {
            if (!logger.isEnabledForLevel(level)) return;
            LoggingEventBuilder b = logger.atLevel(level);
            if (!ctx.streamName().isEmpty()) b = b.addKeyValue("stream", ctx.streamName());
            if (!ctx.label().isEmpty()) b = b.addKeyValue("label", ctx.label());
            if (!ctx.path().isEmpty()) b = b.addKeyValue("path", ctx.path());
            b = b.addKeyValue("custom_source", true);
            for (Map.Entry<String, Object> f : fields.entrySet()) b = b.addKeyValue(f.getKey(), f.getValue());
            b.log(message);
        };
    }

    @Override
    public List<Batch> process(Batch batch) {
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> eventFields = new LinkedHashMap<>();
            if (fieldsMapping != null && !addMappedFields(batch, i, eventFields)) continue;
            for (Map.Entry<String, Interpolation> f : fields.entrySet()) {
                eventFields.put(f.getKey(), f.getValue().render(batch, i));
            }
            sink.log(level, message.render(batch, i), eventFields);
        }
        return List.of(batch);
    }

    /** Adds the fields the mapping yields, sorted by key; false (event skipped, error logged) when the mapping fails. */
    @SuppressWarnings("unchecked")
    private boolean addMappedFields(Batch batch, int index, Map<String, Object> into) {
        Object value;
        try {
            Part mapped = fieldsMapping.map(batch, index);
            value = mapped == null ? null : mapped.structured();
        } catch (MappingException | MessageParseException e) {
            ctx.log().error("failed to execute fields mapping: {}", e.getMessage());
            return false;
        }
        if (!(value instanceof Map<?, ?> m)) {
            ctx.log().error("fields mapping yielded a non-object result: {}", value == null ? "null" : value.getClass().getSimpleName());
            return false;
        }
        into.putAll(new TreeMap<>((Map<String, Object>) m));
        return true;
    }
}
