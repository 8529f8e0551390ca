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
import java.util.List;
import java.util.function.BiFunction;
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
                        "Rounds a timestamp to the nearest multiple of a duration; an exact half rounds up. Multiples are "
                                + "counted in UTC, so rounding to a day lands on midnight UTC rather than local midnight.")
                .status(Status.BETA)
                .param(Param.int64("duration", "The step to round to, in nanoseconds; `\"15m\".parse_duration()` writes it readably."))
                .example(Example.of("", "root.quarter = this.at.ts_round(\"15m\".parse_duration())\nroot.hour = this.at.ts_round(\"1h\".parse_duration())",
                        "{\"at\":\"2024-03-10T09:37:41Z\"}", "{\"quarter\":\"2024-03-10T09:45:00Z\",\"hour\":\"2024-03-10T10:00:00Z\"}")),
                args -> {
                    long d = args.int64("duration");
                    return timestampMethod(t -> new Timestamp(GoDurations.round(t, d)));
                });

        lib.addValueMethod(MethodSpec.of("ts_tz", Category.TIMESTAMPS,
                        "The same instant seen in another time zone: only the offset and the clock reading change.")
                .status(Status.BETA)
                .param(Param.string("tz", "`UTC`, `Local` for the zone of the machine, or an IANA name such as `Asia/Tokyo`."))
                .example(Example.of("", "root.tokyo = this.at.ts_tz(\"Asia/Tokyo\")",
                        "{\"at\":\"2024-03-10T09:37:41Z\"}", "{\"tokyo\":\"2024-03-10T18:37:41+09:00\"}"))
                .example(Example.of("", "root.utc = this.at.ts_tz(\"UTC\")",
                        "{\"at\":\"2024-03-10T09:30:00+01:00\"}", "{\"utc\":\"2024-03-10T08:30:00Z\"}")),
                args -> {
                    ZoneId zone = zone(args.string("tz"));
                    return timestampMethod(t -> new Timestamp(t.withZoneSameInstant(zone)));
                });

        ValueMethodFactory addIso = args -> {
            GoDurations.Period p = GoDurations.Period.parse(args.string("duration"));
            return timestampMethod(t -> new Timestamp(p.addTo(t)));
        };
        ValueMethodFactory subIso = args -> {
            GoDurations.Period p = GoDurations.Period.parse(args.string("duration")).negate();
            return timestampMethod(t -> new Timestamp(p.addTo(t)));
        };
        lib.addValueMethod(MethodSpec.of("ts_add_iso8601", Category.TIMESTAMPS,
                        "Moves a timestamp forward by an ISO 8601 duration. Years, months, weeks and days move the "
                                + "calendar, hours and smaller the clock. A day that does not exist rolls over: 31 January plus one "
                                + "month is 2 March in a leap year, not the last day of February.")
                .status(Status.BETA)
                .param(Param.string("duration", "An ISO 8601 duration such as `P1Y2M`, `P3D` or `PT1H30M`."))
                .example(Example.of("", "root.due = this.at.ts_add_iso8601(\"P1DT2H\")",
                        "{\"at\":\"2024-03-10T09:30:00Z\"}", "{\"due\":\"2024-03-11T11:30:00Z\"}"))
                .example(Example.of("Month ends roll over.", "root.renewal = this.at.ts_add_iso8601(\"P1M\")",
                        "{\"at\":\"2024-01-31T12:00:00Z\"}", "{\"renewal\":\"2024-03-02T12:00:00Z\"}")),
                addIso);
        lib.addValueMethod(MethodSpec.of("ts_sub_iso8601", Category.TIMESTAMPS,
                        "Moves a timestamp back by an ISO 8601 duration, on the calendar as `ts_add_iso8601` does: 29 "
                                + "February minus one year is 1 March.")
                .status(Status.BETA)
                .param(Param.string("duration", "An ISO 8601 duration such as `P1Y2M`, `P3D` or `PT1H30M`."))
                .example(Example.of("", "root.week_before = this.at.ts_sub_iso8601(\"P1W\")",
                        "{\"at\":\"2024-03-10T09:30:00Z\"}", "{\"week_before\":\"2024-03-03T09:30:00Z\"}"))
                .example(Example.of("", "root.year_before = this.at.ts_sub_iso8601(\"P1Y\")",
                        "{\"at\":\"2024-02-29T00:00:00Z\"}", "{\"year_before\":\"2023-03-01T00:00:00Z\"}")),
                subIso);

        lib.addValueMethod(MethodSpec.of("parse_duration", Category.TIMESTAMPS,
                        "Reads a duration written the Go way, such as `1h30m`, `250ms` or `-1.5s`, and gives it in "
                                + "nanoseconds. The units are `ns`, `us` (or `µs`), `ms`, `s`, `m` and `h`; there is none for days.")
                .example(Example.of("", "root.nanos = this.durations.map_each(d -> d.parse_duration())",
                        "{\"durations\":[\"1h30m\",\"250ms\",\"-1.5s\"]}", "{\"nanos\":[5400000000000,250000000,-1500000000]}"))
                .example(Example.of("Seconds instead of nanoseconds.", "root.timeout_s = this.timeout.parse_duration() / 1000000000",
                        "{\"timeout\":\"2m\"}", "{\"timeout_s\":120}")),
                args -> stringMethod(TimestampMethodsLayouts::parseDuration));

        lib.addValueMethod(MethodSpec.of("parse_duration_iso8601", Category.TIMESTAMPS,
                        "Reads an ISO 8601 duration such as `PT1H30M` or `P2W` and gives it in nanoseconds. Every part "
                                + "may have a fraction. A year counts as 365.2425 days and a month as a twelfth of that, so prefer "
                                + "`ts_add_iso8601` when calendar months matter.")
                .status(Status.BETA)
                .example(Example.of("", "root.nanos = this.durations.map_each(d -> d.parse_duration_iso8601())",
                        "{\"durations\":[\"PT1H30M\",\"P1D\",\"P1M\",\"PT0.25S\"]}", "{\"nanos\":[5400000000000,86400000000000,2629746000000000,250000000]}")),
                args -> stringMethod(s -> GoDurations.Period.parse(s).approxNanos()));

        // ---- parsing ----

        MethodSpec tsParse = MethodSpec.of("ts_parse", Category.TIMESTAMPS,
                        "Reads text into a timestamp with a Go layout: the reference time, Monday 2 January 2006 at "
                                + "15:04:05 in zone -0700, written the way your text is. `2006` stands for the year, `01` or `Jan` "
                                + "the month, `02` the day, `15` or `3` the hour, `04` the minute, `05` the second, `-0700` or "
                                + "`MST` the zone. Without a zone in the layout the result is UTC.")
                .status(Status.BETA)
                .param(Param.string("format", "The layout, e.g. `02/01/2006 15:04`."));
        lib.addValueMethod(tsParse
                        .example(Example.of("Day before month.", "root.at = this.at.ts_parse(\"02/01/2006 15:04\")",
                                "{\"at\":\"10/03/2024 09:30\"}", "{\"at\":\"2024-03-10T09:30:00Z\"}"))
                        .example(Example.of("The offset in the text is kept.", "root.at = this.at.ts_parse(\"Mon, 02 Jan 2006 15:04:05 -0700\")",
                                "{\"at\":\"Sun, 10 Mar 2024 09:30:00 +0100\"}", "{\"at\":\"2024-03-10T09:30:00+01:00\"}")),
                args -> parser(args, false, TimestampMethodsLayouts::parse));
        lib.addValueMethod(deprecated(tsParse, "parse_timestamp", AS_TEXT), args -> parser(args, true, TimestampMethodsLayouts::parse));

        MethodSpec tsStrptime = MethodSpec.of("ts_strptime", Category.TIMESTAMPS,
                        "Reads text into a timestamp with strptime directives: `%Y` year, `%m` month, `%b` month name, "
                                + "`%d` day, `%H` hour, `%M` minute, `%S` second, `%f` fraction of a second, `%z` offset. Without a "
                                + "zone directive the result is UTC.")
                .status(Status.BETA)
                .param(Param.string("format", "The pattern, e.g. `%d/%m/%Y %H:%M`."));
        lib.addValueMethod(tsStrptime
                        .example(Example.of("", "root.at = this.at.ts_strptime(\"%d/%m/%Y %H:%M\")",
                                "{\"at\":\"10/03/2024 09:30\"}", "{\"at\":\"2024-03-10T09:30:00Z\"}"))
                        .example(Example.of("`%f` reads the fraction.", "root.at = this.at.ts_strptime(\"%Y-%m-%d %H:%M:%S.%f\")",
                                "{\"at\":\"2024-03-10 09:30:00.250000\"}", "{\"at\":\"2024-03-10T09:30:00.25Z\"}")),
                args -> parser(args, false, TimestampMethodsLayouts::strptime));
        lib.addValueMethod(deprecated(tsStrptime, "parse_timestamp_strptime", AS_TEXT), args -> parser(args, true, TimestampMethodsLayouts::strptime));

        // ---- formatting ----

        MethodSpec tsFormat = MethodSpec.of("ts_format", Category.TIMESTAMPS,
                        "Writes a timestamp as text with a Go layout (see `ts_parse` for how layouts read). The default "
                                + "is RFC 3339 with only the fraction digits needed. The time is shown in the timestamp's own zone "
                                + "unless `tz` names another; unix numbers count as the machine's zone.")
                .status(Status.BETA)
                .param(Param.string("format", "The layout, e.g. `2006-01-02 15:04`.").withDefault(TimestampMethodsLayouts.RFC3339_NANO))
                .param(Param.string("tz", "The zone to show the time in, e.g. `UTC` or `Europe/Paris`.").optional());
        ValueMethodFactory formatCtor = args -> {
            String layout = args.string("format");
            ZoneId zone = args.has("tz") ? zone(args.string("tz")) : null;
            return timestampMethod(t -> TimestampMethodsLayouts.format(zone == null ? t : t.withZoneSameInstant(zone), layout));
        };
        lib.addValueMethod(tsFormat
                        .example(Example.of("", "root.label = this.at.ts_format(\"Mon 2 Jan 2006, 15:04\")",
                                "{\"at\":\"2024-03-10T09:37:41Z\"}", "{\"label\":\"Sun 10 Mar 2024, 09:37\"}"))
                        .example(Example.of("Zone abbreviations follow daylight saving time.", "root.new_york = this.at.ts_format(format: \"15:04 MST\", tz: \"America/New_York\")",
                                "{\"at\":\"2024-03-10T09:37:41Z\"}", "{\"new_york\":\"05:37 EDT\"}")),
                formatCtor);
        lib.addValueMethod(deprecated(tsFormat, "format_timestamp", ""), formatCtor);

        MethodSpec tsStrftime = MethodSpec.of("ts_strftime", Category.TIMESTAMPS,
                        "Writes a timestamp as text with strptime directives (see `ts_strptime`), such as `%Y-%m-%d` or "
                                + "`%A %d %B`; `%f` writes microseconds. The time is shown in the timestamp's own zone unless `tz` "
                                + "names another; unix numbers count as the machine's zone.")
                .status(Status.BETA)
                .param(Param.string("format", "The pattern, e.g. `%Y-%m-%d %H:%M`."))
                .param(Param.string("tz", "The zone to show the time in, e.g. `UTC` or `Europe/Paris`.").optional());
        ValueMethodFactory strftimeCtor = args -> {
            String layout = args.string("format");
            ZoneId zone = args.has("tz") ? zone(args.string("tz")) : null;
            return timestampMethod(t -> TimestampMethodsLayouts.strftime(zone == null ? t : t.withZoneSameInstant(zone), layout));
        };
        lib.addValueMethod(tsStrftime
                        .example(Example.of("", "root.day = this.at.ts_strftime(\"%A %d %B %Y\")",
                                "{\"at\":\"2024-03-10T09:37:41Z\"}", "{\"day\":\"Sunday 10 March 2024\"}"))
                        .example(Example.of("", "root.paris = this.at.ts_strftime(\"%H:%M:%S.%f\", \"Europe/Paris\")",
                                "{\"at\":\"2024-03-10T09:37:41.25Z\"}", "{\"paris\":\"10:37:41.250000\"}")),
                strftimeCtor);
        lib.addValueMethod(deprecated(tsStrftime, "format_timestamp_strftime", ""), strftimeCtor);

        unix(lib, "ts_unix", "format_timestamp_unix",
                "Whole seconds since 1970-01-01T00:00:00Z; a fraction of a second is dropped, not rounded.",
                t -> t.toEpochSecond(),
                Example.of("", "root.epoch = this.at.ts_unix()",
                        "{\"at\":\"2024-03-10T09:30:00.123456789Z\"}", "{\"epoch\":1710063000}"));
        unix(lib, "ts_unix_milli", "format_timestamp_unix_milli",
                "Milliseconds since 1970-01-01T00:00:00Z, the unit of JavaScript's `Date`; finer digits are "
                        + "dropped.",
                t -> t.toEpochSecond() * 1_000L + t.getNano() / 1_000_000,
                Example.of("", "root.epoch_ms = this.at.ts_unix_milli()",
                        "{\"at\":\"2024-03-10T09:30:00.123456789Z\"}", "{\"epoch_ms\":1710063000123}"));
        unix(lib, "ts_unix_micro", "format_timestamp_unix_micro",
                "Microseconds since 1970-01-01T00:00:00Z; finer digits are dropped.",
                t -> t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000,
                Example.of("", "root.epoch_us = this.at.ts_unix_micro()",
                        "{\"at\":\"2024-03-10T09:30:00.123456789Z\"}", "{\"epoch_us\":1710063000123456}"));
        unix(lib, "ts_unix_nano", "format_timestamp_unix_nano",
                "Nanoseconds since 1970-01-01T00:00:00Z, every digit of the timestamp kept.",
                t -> GoDurations.unixNanos(t).longValue(),
                Example.of("", "root.epoch_ns = this.at.ts_unix_nano()",
                        "{\"at\":\"2024-03-10T09:30:00.123456789Z\"}", "{\"epoch_ns\":1710063000123456789}"));

        lib.addValueMethod(MethodSpec.of("ts_sub", Category.TIMESTAMPS,
                        "The time from the argument to the timestamp, in nanoseconds: positive when the timestamp is the "
                                + "later one. Divide by 1000000000 for seconds, or add `.abs()` when the order does not matter.")
                .status(Status.BETA)
                .param(Param.timestamp("t2", "The time to measure from."))
                .example(Example.of("How long a job ran, in seconds.", "root.seconds = this.ended.ts_sub(this.started) / 1000000000",
                        "{\"started\":\"2024-03-10T09:30:00Z\",\"ended\":\"2024-03-10T10:15:30Z\"}", "{\"seconds\":2730}")),
                args -> {
                    ZonedDateTime t2 = args.timestamp("t2").time();
                    return timestampMethod(t1 -> GoDurations.sub(t1, t2));
                });
    }

    /** How {@code parse_timestamp*} differ from the {@code ts_*} methods that replace them. */
    private static final String AS_TEXT = " Unlike it, this gives RFC 3339 text rather than a timestamp value.";

    /** The old name of a method, documented by pointing at the new one; {@code difference} says how they differ. */
    private static MethodSpec deprecated(MethodSpec spec, String name, String difference) {
        String description = "Use `" + spec.name() + "` instead." + difference + " " + spec.description();
        return new MethodSpec(name, Category.DEPRECATED, description, spec.params(), spec.isVariadic(),
                Status.DEPRECATED, spec.isImpure(), List.of());
    }

    private static void unix(Library lib, String name, String deprecatedName, String description,
                             Function<ZonedDateTime, Object> fn, Example... examples) {
        MethodSpec spec = MethodSpec.of(name, Category.TIMESTAMPS, description).status(Status.BETA);
        lib.addValueMethod(deprecated(spec, deprecatedName, ""), args -> timestampMethod(fn));
        for (Example e : examples) spec = spec.example(e);
        lib.addValueMethod(spec, args -> timestampMethod(fn));
    }

    private static ValueMethod parser(Args args, boolean asText, BiFunction<String, String, Timestamp> parse) {
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
