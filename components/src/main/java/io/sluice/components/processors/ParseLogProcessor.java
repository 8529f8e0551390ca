package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The {@code parse_log} processor: turns a log line into a JSON document of its fields. */
final class ParseLogProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("parse_log")
            .categories("Parsing")
            .summary("Parses each message as a syslog or Apache access log line into a JSON object of its parts.")
            .description("""
                    Timestamps come out as RFC 3339 text (with fractions of a second when the line has them). \
                    `syslog_rfc5424` gives `priority`, `facility`, `severity`, `version`, `timestamp`, `hostname`, \
                    `appname`, `procid`, `msgid`, `structureddata` (an object per element, of its parameters) and \
                    `message`; parts written as `-` are left out. `syslog_rfc3164` (the older BSD form, \
                    `<34>Oct 11 22:14:15 host app[42]: text`) gives `priority`, `facility`, `severity`, `timestamp`, \
                    `hostname`, `appname`, `procid` and `message`; since such lines carry no year or zone, \
                    `default_year` and `default_timezone` complete them. Sluice also reads `apache_common` and \
                    `apache_combined` access log lines, giving `remote_host`, `ident`, `user`, `timestamp`, `method`, \
                    `path`, `protocol`, `status`, `bytes` and, for combined, `referer` and `user_agent`. A line that \
                    breaks off part way is flagged with where and why; with `best_effort` the fields read before the \
                    fault still replace the message (the flag stays, so `catch` can tell).""")
            .fields(FieldSpec.string("format").options("syslog_rfc5424", "syslog_rfc3164", "apache_common", "apache_combined")
                            .description("The log format of the messages."),
                    FieldSpec.string("codec").defaultValue("json").options("json").deprecated().advanced()
                            .description("The form of the result; JSON is the only one."),
                    FieldSpec.bool("best_effort").defaultValue(true).advanced()
                            .description("When a line breaks off part way, still write the fields read before the fault."),
                    FieldSpec.bool("allow_rfc3339").defaultValue(true).advanced()
                            .description("For `syslog_rfc3164`: accept an RFC 3339 timestamp in place of the BSD one."),
                    FieldSpec.string("default_year").defaultValue("current").advanced()
                            .rule(v -> v instanceof String s && !s.equals("current") && !s.matches("\\d{1,4}")
                                    ? "default_year must be 'current' or a year such as 2024" : null)
                            .description("For `syslog_rfc3164`: the year of its timestamps, `current` for the year at the time of parsing.")
                            .example("current", "2024"),
                    FieldSpec.string("default_timezone").defaultValue("UTC").advanced()
                            .rule(ParseLogProcessor::zoneProblem)
                            .description("For `syslog_rfc3164`: the time zone of its timestamps, as an IANA name.")
                            .example("UTC", "Europe/Paris"))
            .example("Syslog to JSON", "Syslog lines read from standard input become JSON documents; a line that does not parse keeps its text and the reason.", """
                    input:
                      stdin: {}
                    pipeline:
                      processors:
                        - parse_log:
                            format: syslog_rfc5424
                        - catch:
                            - mapping: 'root = {"unparsed": content().string(), "reason": error()}'
                    """);

    private final String format;
    private final boolean bestEffort;
    private final LogFormats.Rfc3164Options options;

    ParseLogProcessor(String format, boolean bestEffort, LogFormats.Rfc3164Options options, ComponentContext ctx) {
        super(ctx);
        this.format = format;
        this.bestEffort = bestEffort;
        this.options = options;
    }

    static ParseLogProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        String year = conf.string("default_year");
        ZoneId zone = ZoneId.of(conf.string("default_timezone"));
        LogFormats.Rfc3164Options options = new LogFormats.Rfc3164Options(conf.bool("allow_rfc3339"),
                year.equals("current") ? null : Integer.valueOf(year), zone);
        return new ParseLogProcessor(conf.string("format"), conf.bool("best_effort"), options, ctx);
    }

    private static String zoneProblem(Object v) {
        if (!(v instanceof String s)) return null;
        try {
            ZoneId.of(s);
            return null;
        } catch (DateTimeException e) {
            return "unknown time zone '" + s + "'";
        }
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        String line = part.text();
        if (line.endsWith("\n")) line = line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : 1));
        try {
            Map<String, Object> fields = switch (format) {
                case "syslog_rfc5424" -> LogFormats.rfc5424(line);
                case "syslog_rfc3164" -> LogFormats.rfc3164(line, options);
                case "apache_common" -> LogFormats.apache(line, false);
                case "apache_combined" -> LogFormats.apache(line, true);
                default -> throw new IllegalStateException("format not covered: " + format);
            };
            part.setStructured(fields);
        } catch (LogFormats.Partial e) {
            if (bestEffort && !e.fields.isEmpty()) part.setStructured(e.fields);
            throw new ProcessingFailure("parse_log " + format + ": " + e.getMessage());
        }
        return List.of(part);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
