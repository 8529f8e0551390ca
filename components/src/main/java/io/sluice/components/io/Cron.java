package io.sluice.components.io;

import io.sluice.core.spec.Durations;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * Cron schedules as the {@code generate} input's {@code interval} accepts them: five fields
 * (minute hour day-of-month month day-of-week) or six with seconds first, names for months and
 * days, {@code * ? , - /}, the descriptors {@code @yearly @annually @monthly @weekly @daily @midnight
 * @hourly} and {@code @every <duration>}, and a {@code TZ=<zone>} (or {@code CRON_TZ=}) prefix;
 * without one, times are UTC.
 */
final class Cron {
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3),
            Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8),
            Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);

    private final ZoneId zone;
    private final Duration every;      // @every: a fixed period instead of fields
    private final BitSet seconds, minutes, hours, daysOfMonth, months, daysOfWeek;
    private final boolean domStar, dowStar;

    private Cron(ZoneId zone, Duration every, BitSet seconds, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                 BitSet daysOfWeek, boolean domStar, boolean dowStar) {
        this.zone = zone;
        this.every = every;
        this.seconds = seconds;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domStar = domStar;
        this.dowStar = dowStar;
    }

    static Cron parse(String expression) {
        String s = expression.trim();
        ZoneId zone = ZoneOffset.UTC;
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int sp = s.indexOf(' ');
            if (sp < 0) throw new IllegalArgumentException("missing schedule after time zone in '" + expression + "'");
            String id = s.substring(s.indexOf('=') + 1, sp);
            try {
                zone = ZoneId.of(id);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + id + "'");
            }
            s = s.substring(sp + 1).trim();
        }
        if (s.startsWith("@")) {
            if (s.startsWith("@every ")) {
                Duration d = Durations.parse(s.substring("@every ".length()));
                if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("@every needs a positive duration");
                return new Cron(zone, d, null, null, null, null, null, null, true, true);
            }
            s = switch (s) {
                case "@yearly", "@annually" -> "0 0 0 1 1 *";
                case "@monthly" -> "0 0 0 1 * *";
                case "@weekly" -> "0 0 0 * * 0";
                case "@daily", "@midnight" -> "0 0 0 * * *";
                case "@hourly" -> "0 0 * * * *";
                default -> throw new IllegalArgumentException("unrecognised descriptor '" + s + "'");
            };
        }
        String[] f = s.split("\\s+");
        if (f.length == 5) {
            String[] six = new String[6];
            six[0] = "0";
            System.arraycopy(f, 0, six, 1, 5);
            f = six;
        }
        if (f.length != 6) throw new IllegalArgumentException("expected 5 or 6 fields, found " + f.length + " in '" + expression + "'");
        return new Cron(zone, null, field(f[0], 0, 59, null), field(f[1], 0, 59, null), field(f[2], 0, 23, null),
                field(f[3], 1, 31, null), field(f[4], 1, 12, MONTHS), dow(f[5]),
                isStar(f[3]), isStar(f[5]));
    }

    private static boolean isStar(String f) {
        return f.equals("*") || f.equals("?");
    }

    private static BitSet dow(String f) {
        BitSet b = field(f, 0, 7, DAYS);
        if (b.get(7)) {
            b.set(0);
            b.clear(7);
        }
        return b;
    }

    private static BitSet field(String f, int min, int max, Map<String, Integer> names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : f.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                if (step <= 0) throw new IllegalArgumentException("step must be positive in '" + part + "'");
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    lo = value(range.substring(0, dash), names);
                    hi = value(range.substring(dash + 1), names);
                } else {
                    lo = value(range, names);
                    hi = slash >= 0 ? max : lo;
                }
            }
            if (lo < min || hi > max || lo > hi) {
                throw new IllegalArgumentException("value out of range [" + min + "-" + max + "] in '" + part + "'");
            }
            for (int v = lo; v <= hi; v += step) bits.set(v);
        }
        return bits;
    }

    private static int value(String s, Map<String, Integer> names) {
        if (names != null) {
            Integer n = names.get(s.toUpperCase(Locale.ROOT));
            if (n != null) return n;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + s + "'");
        }
    }

    /** The first activation strictly after {@code after}. */
    ZonedDateTime next(ZonedDateTime after) {
        if (every != null) return after.plus(every).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                continue;
            }
            if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
                continue;
            }
            return t;
        }
        throw new IllegalStateException("the schedule never fires");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        DayOfWeek d = t.getDayOfWeek();
        boolean dowMatch = daysOfWeek.get(d.getValue() % 7);
        if (domStar || dowStar) return dom && dowMatch;
        return dom || dowMatch;
    }
}
