package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.TypeNames;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A Bloblang timestamp value: an instant with the zone it is shown in. Its {@link #toString()} is
 * RFC 3339 with nanoseconds and no trailing zeros, the form the original prints (so JSON
 * serialisation of a document holding a timestamp matches without special handling).
 */
public record Timestamp(ZonedDateTime time) implements Comparable<Timestamp>, TypeNames.Named {

    @Override
    public String typeName() {
        return "timestamp";
    }


    public static Timestamp of(Instant instant, ZoneId zone) {
        return new Timestamp(ZonedDateTime.ofInstant(instant, zone));
    }

    public static Timestamp utc(Instant instant) {
        return of(instant, ZoneOffset.UTC);
    }

    public Instant instant() {
        return time.toInstant();
    }

    @Override
    public int compareTo(Timestamp o) {
        return instant().compareTo(o.instant());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timestamp t && t.instant().equals(instant());
    }

    @Override
    public int hashCode() {
        return instant().hashCode();
    }

    /** RFC 3339 with up to nine fraction digits, trailing zeros removed ({@code 2006-01-02T15:04:05.999999999Z07:00}). */
    @Override
    public String toString() {
        return format(time);
    }

    public static String format(ZonedDateTime t) {
        StringBuilder sb = new StringBuilder(35);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            sb.append(year);
        } else {
            pad(sb, year, 4);
        }
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (end > 0 && frac.charAt(end - 1) == '0') end--;
            sb.append('.').append(frac, 0, end);
        }
        appendOffset(sb, t.getOffset());
        return sb.toString();
    }

    static void appendOffset(StringBuilder sb, ZoneOffset off) {
        int secs = off.getTotalSeconds();
        if (secs == 0) {
            sb.append('Z');
            return;
        }
        sb.append(secs < 0 ? '-' : '+');
        secs = Math.abs(secs);
        pad(sb, secs / 3600, 2);
        sb.append(':');
        pad(sb, (secs / 60) % 60, 2);
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }
}
