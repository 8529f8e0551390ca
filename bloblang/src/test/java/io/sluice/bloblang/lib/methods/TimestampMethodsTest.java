package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.assertSameDocument;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class TimestampMethodsTest {


    private static final ZonedDateTime T = ZonedDateTime.of(2006, 1, 2, 15, 4, 5, 123_456_789, ZoneOffset.ofHours(-7));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "2006-01-02T15:04:05Z07:00§2006-01-02T15:04:05-07:00",
            "2006-01-02T15:04:05.999999999Z07:00§2006-01-02T15:04:05.123456789-07:00",
            "Mon Jan _2 15:04:05 2006§Mon Jan  2 15:04:05 2006",
            "Monday, 02-Jan-06 15:04:05 MST§Monday, 02-Jan-06 15:04:05 -0700",
            "3:04PM§3:04PM",
            "03:04:05.000 pm§03:04:05.123 pm",
            "2006-01-02 15:04:05,999§2006-01-02 15:04:05,123",
            "-07§-07",
            "Z0700§-0700",
            "January 2 002 __2§January 2 002   2",
            "20060102150405§20060102150405",
    })
    void goLayouts(String layout, String expected) {
        assertThat(TimestampMethodsLayouts.format(T, layout)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '§', value = {
            "2006-01-02T15:04:05Z07:00§2020-08-14T05:54:23+02:00§2020-08-14T05:54:23+02:00",
            "2006-01-02 15:04:05§2020-08-14 05:54:23.5§2020-08-14T05:54:23.5Z",
            "Jan _2 2006§Aug  4 2020§2020-08-04T00:00:00Z",
            "02/01/06 3PM§14/08/20 5PM§2020-08-14T17:00:00Z",
            "2006-01-02 MST§2020-08-14 EST§2020-08-14T00:00:00Z",
            "2006-01-02 -0700§2020-08-14 +0530§2020-08-14T00:00:00+05:30",
            "2006.002§2020.060§2020-02-29T00:00:00Z",
    })
    void goParsing(String layout, String value, String expected) {
        assertThat(TimestampMethodsLayouts.parse(layout, value).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "%Y-%m-%dT%H:%M:%S%z§2006-01-02T15:04:05-0700",
            "%a %A %b %B %d %e§Mon Monday Jan January 02  2",
            "%I:%M %p %j %y %C§03:04 PM 002 06 20",
            "%F %T.%f§2006-01-02 15:04:05.123456",
            "%:z %%§-07:00 %",
            "%-d/%-m§2/1",
    })
    void strftime(String format, String expected) {
        assertThat(TimestampMethodsLayouts.strftime(T, format)).isEqualTo(expected);
    }

    @Test
    void strptimeWithZone() {
        Timestamp t = TimestampMethodsLayouts.strptime("%Y-%m-%d %H:%M:%S %z", "2020-08-14 05:54:23 +0200");
        assertThat(t.toString()).isEqualTo("2020-08-14T05:54:23+02:00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "1h30m§5400000000000",
            "-1.5h§-5400000000000",
            "1µs§1000",
            "0§0",
            "300ms§300000000",
            ".5s§500000000",
    })
    void durations(String text, long nanos) {
        assertThat(TimestampMethodsLayouts.parseDuration(text)).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "ts_parse(\"2006-01-02\")§\"2020-13-01\"§parsing time \"2020-13-01\": month out of range",
            "ts_parse(\"2006-01-02\")§\"2020-02-30\"§parsing time \"2020-02-30\": day out of range",
            "ts_parse(\"2006-01-02\")§\"20-01-01\"§parsing time \"20-01-01\" as \"2006-01-02\": cannot parse \"20-01-01\" as \"2006\"",
            "ts_parse(\"2006-01-02\")§\"2020-01-01x\"§extra text: \"x\"",
            "parse_duration()§\"5\"§time: missing unit in duration \"5\"",
            "parse_duration()§\"5y\"§time: unknown unit \"y\" in duration \"5y\"",
            "parse_duration()§\"\"§time: invalid duration \"\"",
            "ts_unix()§\"yesterday\"§parsing time \"yesterday\"",
            "ts_format()§true§expected number or string value, got bool",
    })
    void errors(String call, String input, String message) {
        assertThat(error("root.out = this.v." + call, "{\"v\":" + input + "}")).contains(message);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            // Go's AddDate normalises: 31 January plus a month is 2 March in a leap year
            "ts_add_iso8601(\"P1M\")§\"2020-01-31T00:00:00Z\"§\"2020-03-02T00:00:00Z\"",
            "ts_sub_iso8601(\"P1W\")§\"2020-01-03T00:00:00Z\"§\"2019-12-27T00:00:00Z\"",
            "ts_add_iso8601(\"PT1.5S\")§\"2020-01-01T00:00:00Z\"§\"2020-01-01T00:00:01.5Z\"",
            "ts_round(1000000000)§\"2020-01-01T00:00:00.5Z\"§\"2020-01-01T00:00:01Z\"",
            "ts_unix_nano()§1.5§1500000000",
            "ts_unix_milli()§\"1969-12-31T23:59:59.9995Z\"§-1",
            "ts_tz(\"Asia/Kolkata\")§\"2021-02-03T16:05:06Z\"§\"2021-02-03T21:35:06+05:30\"",
            "ts_format(\"2006-01-02 MST\", \"America/New_York\")§\"2021-07-03T16:05:06Z\"§\"2021-07-03 EDT\"",
            "ts_strftime(\"%s\")§1597405526§\"1597405526\"",
            "parse_timestamp(\"2006-01-02\")§\"2020-08-14\"§\"2020-08-14T00:00:00Z\"",
            "format_timestamp_unix()§\"2009-11-10T23:00:00Z\"§1257894000",
            "parse_duration_iso8601()§\"P1W\"§604800000000000",
    })
    void results(String call, String input, String expected) throws Exception {
        assertSameDocument(run("root.out = this.v." + call, "{\"v\":" + input + "}"), "{\"out\":" + expected + "}");
    }

    @Test
    void unknownZoneIsACompileError() {
        assertThat(error("root.out = this.v.ts_tz(\"Mars/Olympus\")", "{\"v\":0}"))
                .contains("failed to parse timezone location name: unknown time zone Mars/Olympus");
    }
}
