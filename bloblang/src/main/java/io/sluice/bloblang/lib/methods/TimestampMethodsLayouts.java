package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;

import java.time.ZonedDateTime;

/**
 * The time text formats of the original: Go's reference layouts ({@code 2006-01-02T15:04:05Z07:00}),
 * strftime / strptime specifiers ({@code %Y-%m-%d}), Go duration strings ({@code 1h30m}) and ISO 8601
 * periods ({@code P1Y2M3DT4H}).
 */
final class TimestampMethodsLayouts {

    private TimestampMethodsLayouts() {
    }

    static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

    static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    // The formats live in their own files, one each; these entry points keep the callers' one name.

    static String format(ZonedDateTime t, String layout) {
        return GoLayouts.format(t, layout);
    }

    static Timestamp parse(String layout, String value) {
        return GoLayoutParser.parse(layout, value);
    }

    static String strftime(ZonedDateTime t, String format) {
        return Strftime.strftime(t, format);
    }

    static Timestamp strptime(String format, String value) {
        return Strftime.strptime(format, value);
    }

    static long parseDuration(String s) {
        return GoDurations.parseDuration(s);
    }
}
