package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Args;
import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.ValueMethod;
import io.sluice.bloblang.lib.ValueMethodFactory;
import io.sluice.bloblang.lib.Values;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.Function;

/**
 * Timestamp methods: parsing ({@code ts_parse}, {@code ts_strptime}), formatting ({@code ts_format},
 * {@code ts_strftime}, {@code ts_unix*}), arithmetic ({@code ts_add_iso8601}, {@code ts_sub},
 * {@code ts_round}), zones ({@code ts_tz}), durations, and the deprecated {@code format_timestamp*} /
 * {@code parse_timestamp*} names. Targets may be timestamps, unix seconds or RFC 3339 text.
 */
public final class TimestampMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("ts_round", Category.TIMESTAMPS,
                        "Rounds a timestamp to the nearest multiple of the specified duration. Halfway values round up. Accepts unix timestamps (seconds with optional decimal precision) or RFC 3339 formatted strings.")
                .status(Status.BETA)
                .param(Param.int64("duration", "A duration measured in nanoseconds to round by."))
                .example(Example.of("Round timestamp to the nearest hour.", "root.created_at_hour = this.created_at.ts_round(\"1h\".parse_duration())",
                        "{\"created_at\":\"2020-08-14T05:54:23Z\"}", "{\"created_at_hour\":\"2020-08-14T06:00:00Z\"}"))
                .example(Example.of("Round timestamp to the nearest minute.", "root.created_at_minute = this.created_at.ts_round(\"1m\".parse_duration())",
                        "{\"created_at\":\"2020-08-14T05:54:23Z\"}", "{\"created_at_minute\":\"2020-08-14T05:54:00Z\"}")),
                args -> {
                    long d = args.int64("duration");
                    return timestampMethod(t -> new Timestamp(TimestampMethodsLayouts.round(t, d)));
                });

        lib.addValueMethod(MethodSpec.of("ts_tz", Category.TIMESTAMPS,
                        "Converts a timestamp to a different timezone while preserving the moment in time. Accepts unix timestamps (seconds with optional decimal precision) or RFC 3339 formatted strings.")
                .status(Status.BETA)
                .param(Param.string("tz", "The timezone to change to. Use \"UTC\" for UTC, \"Local\" for local timezone, or an IANA Time Zone database location name like \"America/New_York\"."))
                .example(Example.of("Convert timestamp to UTC timezone.", "root.created_at_utc = this.created_at.ts_tz(\"UTC\")",
                        "{\"created_at\":\"2021-02-03T17:05:06+01:00\"}", "{\"created_at_utc\":\"2021-02-03T16:05:06Z\"}"))
                .example(Example.of("Convert timestamp to a specific timezone.", "root.created_at_ny = this.created_at.ts_tz(\"America/New_York\")",
                        "{\"created_at\":\"2021-02-03T16:05:06Z\"}", "{\"created_at_ny\":\"2021-02-03T11:05:06-05:00\"}")),
                args -> {
                    ZoneId zone = zone(args.string("tz"));
                    return timestampMethod(t -> new Timestamp(t.withZoneSameInstant(zone)));
                });

        ValueMethodFactory addIso = args -> {
            TimestampMethodsLayouts.Period p = TimestampMethodsLayouts.Period.parse(args.string("duration"));
            return timestampMethod(t -> new Timestamp(p.addTo(t)));
        };
        ValueMethodFactory subIso = args -> {
            TimestampMethodsLayouts.Period p = TimestampMethodsLayouts.Period.parse(args.string("duration")).negate();
            return timestampMethod(t -> new Timestamp(p.addTo(t)));
        };
        lib.addValueMethod(MethodSpec.of("ts_add_iso8601", Category.TIMESTAMPS,
                        "Adds an ISO 8601 duration to a timestamp with calendar-aware precision for years, months, and days. Useful when you need to add durations that account for variable month lengths or leap years.")
                .status(Status.BETA)
                .param(Param.string("duration", "Duration in ISO 8601 format (e.g., \"P1Y2M3D\" for 1 year, 2 months, 3 days)"))
                .example(Example.of("Add one year to a timestamp.", "root.next_year = this.created_at.ts_add_iso8601(\"P1Y\")",
                        "{\"created_at\":\"2020-08-14T05:54:23Z\"}", "{\"next_year\":\"2021-08-14T05:54:23Z\"}"))
                .example(Example.of("Add a complex duration with multiple units.", "root.future_date = this.created_at.ts_add_iso8601(\"P1Y2M3DT4H5M6S\")",
                        "{\"created_at\":\"2020-01-01T00:00:00Z\"}", "{\"future_date\":\"2021-03-04T04:05:06Z\"}")),
                addIso);
        lib.addValueMethod(MethodSpec.of("ts_sub_iso8601", Category.TIMESTAMPS,
                        "Subtracts an ISO 8601 duration from a timestamp with calendar-aware precision for years, months, and days. Useful when you need to subtract durations that account for variable month lengths or leap years.")
                .status(Status.BETA)
                .param(Param.string("duration", "Duration in ISO 8601 format (e.g., \"P1Y2M3D\" for 1 year, 2 months, 3 days)"))
                .example(Example.of("Subtract one year from a timestamp.", "root.last_year = this.created_at.ts_sub_iso8601(\"P1Y\")",
                        "{\"created_at\":\"2020-08-14T05:54:23Z\"}", "{\"last_year\":\"2019-08-14T05:54:23Z\"}"))
                .example(Example.of("Subtract a complex duration with multiple units.", "root.past_date = this.created_at.ts_sub_iso8601(\"P1Y2M3DT4H5M6S\")",
                        "{\"created_at\":\"2021-03-04T04:05:06Z\"}", "{\"past_date\":\"2020-01-01T00:00:00Z\"}")),
                subIso);

        lib.addValueMethod(MethodSpec.of("parse_duration", Category.TIMESTAMPS,
                        "Parses a Go-style duration string into nanoseconds. A duration string is a signed sequence of decimal numbers with unit suffixes like \"300ms\", \"-1.5h\", or \"2h45m\". Valid units: \"ns\", \"us\" (or \"µs\"), \"ms\", \"s\", \"m\", \"h\".")
                .example(Example.of("Parse microseconds to nanoseconds.", "root.delay_for_ns = this.delay_for.parse_duration()",
                        "{\"delay_for\":\"50us\"}", "{\"delay_for_ns\":50000}"))
                .example(Example.of("Parse hours to seconds.", "root.delay_for_s = this.delay_for.parse_duration() / 1000000000",
                        "{\"delay_for\":\"2h\"}", "{\"delay_for_s\":7200}")),
                args -> stringMethod(TimestampMethodsLayouts::parseDuration));

        lib.addValueMethod(MethodSpec.of("parse_duration_iso8601", Category.TIMESTAMPS,
                        "Parses an ISO 8601 duration string into nanoseconds. Format: \"P[n]Y[n]M[n]DT[n]H[n]M[n]S\" or \"P[n]W\". Example: \"P3Y6M4DT12H30M5S\" means 3 years, 6 months, 4 days, 12 hours, 30 minutes, 5 seconds. Supports fractional seconds with full precision (not just one decimal place).")
                .status(Status.BETA)
                .example(Example.of("Parse complex ISO 8601 duration to nanoseconds.", "root.delay_for_ns = this.delay_for.parse_duration_iso8601()",
                        "{\"delay_for\":\"P3Y6M4DT12H30M5S\"}", "{\"delay_for_ns\":110839937000000000}"))
                .example(Example.of("Parse hours to seconds.", "root.delay_for_s = this.delay_for.parse_duration_iso8601() / 1000000000",
                        "{\"delay_for\":\"PT2H\"}", "{\"delay_for_s\":7200}")),
                args -> stringMethod(s -> TimestampMethodsLayouts.Period.parse(s).approxNanos()));

        // ---- parsing ----

        MethodSpec tsParse = MethodSpec.of("ts_parse", Category.TIMESTAMPS,
                        "Parses a timestamp string using Go's reference time format and outputs a timestamp object. The format uses \"Mon Jan 2 15:04:05 -0700 MST 2006\" as a reference - show how this reference time would appear in your format. Use ts_strptime for strftime-style formats instead.")
                .status(Status.BETA)
                .param(Param.string("format", "The format of the input string using Go's reference time."));
        lib.addValueMethod(tsParse
                        .example(Example.of("Parse a date with abbreviated month name.", "root.doc.timestamp = this.doc.timestamp.ts_parse(\"2006-Jan-02\")",
                                "{\"doc\":{\"timestamp\":\"2020-Aug-14\"}}", "{\"doc\":{\"timestamp\":\"2020-08-14T00:00:00Z\"}}"))
                        .example(Example.of("Parse a custom datetime format.", "root.parsed = this.timestamp.ts_parse(\"Jan 2, 2006 at 3:04pm (MST)\")",
                                "{\"timestamp\":\"Aug 14, 2020 at 5:54am (UTC)\"}", "{\"parsed\":\"2020-08-14T05:54:00Z\"}")),
                args -> parser(args, false, TimestampMethodsLayouts::parse));
        lib.addValueMethod(deprecated(tsParse, "parse_timestamp"), args -> parser(args, true, TimestampMethodsLayouts::parse));

        MethodSpec tsStrptime = MethodSpec.of("ts_strptime", Category.TIMESTAMPS,
                        "Parses a timestamp string using strptime format specifiers (like %Y, %m, %d) and outputs a timestamp object. Use ts_parse for Go-style reference time formats instead.")
                .status(Status.BETA)
                .param(Param.string("format", "The format string using strptime specifiers (e.g., %Y-%m-%d)."));
        lib.addValueMethod(tsStrptime
                        .example(Example.of("Parse date with abbreviated month using strptime format.", "root.doc.timestamp = this.doc.timestamp.ts_strptime(\"%Y-%b-%d\")",
                                "{\"doc\":{\"timestamp\":\"2020-Aug-14\"}}", "{\"doc\":{\"timestamp\":\"2020-08-14T00:00:00Z\"}}"))
                        .example(Example.of("Parse datetime with microseconds using %f directive.", "root.doc.timestamp = this.doc.timestamp.ts_strptime(\"%Y-%b-%d %H:%M:%S.%f\")",
                                "{\"doc\":{\"timestamp\":\"2020-Aug-14 11:50:26.371000\"}}", "{\"doc\":{\"timestamp\":\"2020-08-14T11:50:26.371Z\"}}")),
                args -> parser(args, false, TimestampMethodsLayouts::strptime));
        lib.addValueMethod(deprecated(tsStrptime, "parse_timestamp_strptime"), args -> parser(args, true, TimestampMethodsLayouts::strptime));

        // ---- formatting ----

        MethodSpec tsFormat = MethodSpec.of("ts_format", Category.TIMESTAMPS,
                        "Formats a timestamp as a string using Go's reference time format. Defaults to RFC 3339 if no format specified. The format uses \"Mon Jan 2 15:04:05 -0700 MST 2006\" as a reference. Accepts unix timestamps (with decimal precision) or RFC 3339 strings. Use ts_strftime for strftime-style formats.")
                .status(Status.BETA)
                .param(Param.string("format", "The output format using Go's reference time.").withDefault(TimestampMethodsLayouts.RFC3339_NANO))
                .param(Param.string("tz", "Optional timezone (e.g., 'UTC', 'America/New_York'). Defaults to input timezone or local time for unix timestamps.").optional());
        ValueMethodFactory formatCtor = args -> {
            String layout = args.string("format");
            ZoneId zone = args.has("tz") ? zone(args.string("tz")) : null;
            return timestampMethod(t -> TimestampMethodsLayouts.format(zone == null ? t : t.withZoneSameInstant(zone), layout));
        };
        lib.addValueMethod(tsFormat
                        .example(Example.of("Format timestamp with custom format.", "root.something_at = this.created_at.ts_format(\"2006-Jan-02 15:04:05\")",
                                "{\"created_at\":\"2020-08-14T11:50:26.371Z\"}", "{\"something_at\":\"2020-Aug-14 11:50:26\"}"))
                        .example(Example.of("Format unix timestamp with timezone specification.", "root.something_at = this.created_at.ts_format(format: \"2006-Jan-02 15:04:05\", tz: \"UTC\")",
                                "{\"created_at\":1597405526}", "{\"something_at\":\"2020-Aug-14 11:45:26\"}")),
                formatCtor);
        lib.addValueMethod(deprecated(tsFormat, "format_timestamp"), formatCtor);

        MethodSpec tsStrftime = MethodSpec.of("ts_strftime", Category.TIMESTAMPS,
                        "Formats a timestamp as a string using strptime format specifiers (like %Y, %m, %d). Accepts unix timestamps (with decimal precision) or RFC 3339 strings. Supports %f for microseconds. Use ts_format for Go-style reference time formats.")
                .status(Status.BETA)
                .param(Param.string("format", "The output format using strptime specifiers."))
                .param(Param.string("tz", "Optional timezone. Defaults to input timezone or local time for unix timestamps.").optional());
        ValueMethodFactory strftimeCtor = args -> {
            String layout = args.string("format");
            ZoneId zone = args.has("tz") ? zone(args.string("tz")) : null;
            return timestampMethod(t -> TimestampMethodsLayouts.strftime(zone == null ? t : t.withZoneSameInstant(zone), layout));
        };
        lib.addValueMethod(tsStrftime
                        .example(Example.of("Format timestamp with strftime specifiers.", "root.something_at = this.created_at.ts_strftime(\"%Y-%b-%d %H:%M:%S\")",
                                "{\"created_at\":\"2020-08-14T11:50:26.371Z\"}", "{\"something_at\":\"2020-Aug-14 11:50:26\"}"))
                        .example(Example.of("Format with microseconds using %f directive.", "root.something_at = this.created_at.ts_strftime(\"%Y-%b-%d %H:%M:%S.%f\", \"UTC\")",
                                "{\"created_at\":\"2020-08-14T11:50:26.371Z\"}", "{\"something_at\":\"2020-Aug-14 11:50:26.371000\"}")),
                strftimeCtor);
        lib.addValueMethod(deprecated(tsStrftime, "format_timestamp_strftime"), strftimeCtor);

        unix(lib, "ts_unix", "format_timestamp_unix",
                "Converts a timestamp to a unix timestamp (seconds since epoch). Accepts unix timestamps or RFC 3339 strings. Returns an integer representing seconds.",
                t -> t.toEpochSecond(),
                Example.of("Convert RFC 3339 timestamp to unix seconds.", "root.created_at_unix = this.created_at.ts_unix()",
                        "{\"created_at\":\"2009-11-10T23:00:00Z\"}", "{\"created_at_unix\":1257894000}"),
                Example.of("Unix timestamp passthrough returns same value.", "root.timestamp = this.ts.ts_unix()",
                        "{\"ts\":1257894000}", "{\"timestamp\":1257894000}"));
        unix(lib, "ts_unix_milli", "format_timestamp_unix_milli",
                "Converts a timestamp to a unix timestamp with millisecond precision (milliseconds since epoch). Accepts unix timestamps or RFC 3339 strings. Returns an integer representing milliseconds.",
                t -> t.toEpochSecond() * 1_000L + t.getNano() / 1_000_000,
                Example.of("Convert timestamp to milliseconds since epoch.", "root.created_at_unix = this.created_at.ts_unix_milli()",
                        "{\"created_at\":\"2009-11-10T23:00:00Z\"}", "{\"created_at_unix\":1257894000000}"),
                Example.of("Useful for JavaScript timestamp compatibility.", "root.js_timestamp = this.event_time.ts_unix_milli()",
                        "{\"event_time\":\"2020-08-14T11:45:26.123Z\"}", "{\"js_timestamp\":1597405526123}"));
        unix(lib, "ts_unix_micro", "format_timestamp_unix_micro",
                "Converts a timestamp to a unix timestamp with microsecond precision (microseconds since epoch). Accepts unix timestamps or RFC 3339 strings. Returns an integer representing microseconds.",
                t -> t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000,
                Example.of("Convert timestamp to microseconds since epoch.", "root.created_at_unix = this.created_at.ts_unix_micro()",
                        "{\"created_at\":\"2009-11-10T23:00:00Z\"}", "{\"created_at_unix\":1257894000000000}"),
                Example.of("Preserve microsecond precision from timestamp.", "root.precise_time = this.timestamp.ts_unix_micro()",
                        "{\"timestamp\":\"2020-08-14T11:45:26.123456Z\"}", "{\"precise_time\":1597405526123456}"));
        unix(lib, "ts_unix_nano", "format_timestamp_unix_nano",
                "Converts a timestamp to a unix timestamp with nanosecond precision (nanoseconds since epoch). Accepts unix timestamps or RFC 3339 strings. Returns an integer representing nanoseconds.",
                t -> TimestampMethodsLayouts.unixNanos(t).longValue(),
                Example.of("Convert timestamp to nanoseconds since epoch.", "root.created_at_unix = this.created_at.ts_unix_nano()",
                        "{\"created_at\":\"2009-11-10T23:00:00Z\"}", "{\"created_at_unix\":1257894000000000000}"),
                Example.of("Preserve full nanosecond precision.", "root.precise_time = this.timestamp.ts_unix_nano()",
                        "{\"timestamp\":\"2020-08-14T11:45:26.123456789Z\"}", "{\"precise_time\":1597405526123456789}"));

        lib.addValueMethod(MethodSpec.of("ts_sub", Category.TIMESTAMPS,
                        "Calculates the duration in nanoseconds between two timestamps (t1 - t2). Returns a signed integer: positive if t1 is after t2, negative if t1 is before t2. Use .abs() for absolute duration.")
                .status(Status.BETA)
                .param(Param.timestamp("t2", "The timestamp to subtract from the target timestamp."))
                .example(Example.of("Calculate absolute duration between two timestamps.", "root.between = this.started_at.ts_sub(\"2020-08-14T05:54:23Z\").abs()",
                        "{\"started_at\":\"2020-08-13T05:54:23Z\"}", "{\"between\":86400000000000}"))
                .example(Example.of("Calculate signed duration (can be negative).", "root.duration_ns = this.end_time.ts_sub(this.start_time)",
                        "{\"start_time\":\"2020-08-14T10:00:00Z\",\"end_time\":\"2020-08-14T11:30:00Z\"}", "{\"duration_ns\":5400000000000}")),
                args -> {
                    ZonedDateTime t2 = args.timestamp("t2").time();
                    return timestampMethod(t1 -> TimestampMethodsLayouts.sub(t1, t2));
                });
    }

    private static MethodSpec deprecated(MethodSpec spec, String name) {
        return new MethodSpec(name, Category.DEPRECATED, spec.description(), spec.params(), spec.isVariadic(),
                Status.DEPRECATED, spec.isImpure(), java.util.List.of());
    }

    private static void unix(Library lib, String name, String deprecatedName, String description,
                             Function<ZonedDateTime, Object> fn, Example... examples) {
        MethodSpec spec = MethodSpec.of(name, Category.TIMESTAMPS, description).status(Status.BETA);
        lib.addValueMethod(deprecated(spec, deprecatedName), args -> timestampMethod(fn));
        for (Example e : examples) spec = spec.example(e);
        lib.addValueMethod(spec, args -> timestampMethod(fn));
    }

    private static ValueMethod parser(Args args, boolean asText, java.util.function.BiFunction<String, String, Timestamp> parse) {
        String layout = args.string("format");
        return stringMethod(s -> {
            Timestamp t = parse.apply(layout, s);
            return asText ? t.toString() : t;
        });
    }

    /** A method on timestamps, unix numbers or RFC 3339 text. */
    static ValueMethod timestampMethod(Function<ZonedDateTime, Object> fn) {
        return (v, ctx) -> fn.apply(Values.asTimestamp(v).time());
    }

    /** A method on strings and bytes only. */
    static ValueMethod stringMethod(Function<String, Object> fn) {
        return (v, ctx) -> {
            if (v instanceof String s) return fn.apply(s);
            if (v instanceof byte[] b) return fn.apply(new String(b, StandardCharsets.UTF_8));
            throw Values.typeError(v, "string");
        };
    }

    /** Go's {@code time.LoadLocation}: "UTC" and "" are UTC, "Local" the machine's zone, else an IANA name. */
    static ZoneId zone(String name) {
        if (name.isEmpty() || name.equals("UTC")) return ZoneOffset.UTC;
        if (name.equals("Local")) return ZoneId.systemDefault();
        if (ZoneId.getAvailableZoneIds().contains(name)) return ZoneId.of(name);
        String shortId = ZoneId.SHORT_IDS.get(name);
        if (shortId != null && (name.equals("EST") || name.equals("MST") || name.equals("HST"))) return ZoneId.of(shortId);
        throw new IllegalArgumentException("failed to parse timezone location name: unknown time zone " + name);
    }
}
