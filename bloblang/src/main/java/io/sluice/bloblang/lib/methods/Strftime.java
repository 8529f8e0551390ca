package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Locale;

import static io.sluice.bloblang.lib.methods.GoLayoutParser.isAsciiDigit;
import static io.sluice.bloblang.lib.methods.GoLayoutParser.lookup;
import static io.sluice.bloblang.lib.methods.GoLayoutParser.nanos;
import static io.sluice.bloblang.lib.methods.GoLayouts.dayName;
import static io.sluice.bloblang.lib.methods.GoLayouts.format;
import static io.sluice.bloblang.lib.methods.GoLayouts.pad;
import static io.sluice.bloblang.lib.methods.GoLayouts.zoneAbbreviation;
import static io.sluice.bloblang.lib.methods.TimestampMethodsLayouts.LONG_DAYS;
import static io.sluice.bloblang.lib.methods.TimestampMethodsLayouts.LONG_MONTHS;

/** strftime / strptime specifiers ({@code %Y-%m-%d}), as the original formats and parses them. */
final class Strftime {
    private Strftime() {
    }

    /** strftime formatting as the original's timefmt library does ({@code %f} is microseconds). */
    static String strftime(ZonedDateTime t, String format) {
        StringBuilder sb = new StringBuilder();
        int n = format.length();
        for (int i = 0; i < n; i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= n) {
                sb.append(c);
                continue;
            }
            char f = format.charAt(++i);
            char padding = 0; // 0: default, '-': none, '_': spaces, '0': zeros
            boolean upper = false;
            while ((f == '-' || f == '_' || f == '0' || f == '^' || f == '#') && i + 1 < n) {
                if (f == '^') upper = true;
                else if (f != '#') padding = f;
                f = format.charAt(++i);
            }
            if (f == ':' && i + 1 < n && format.charAt(i + 1) == 'z') {
                i++;
                appendOffset(sb, t.getOffset().getTotalSeconds(), true);
                continue;
            }
            int start = sb.length();
            switch (f) {
                case 'a' -> sb.append(dayName(t.getDayOfWeek()), 0, 3);
                case 'A' -> sb.append(dayName(t.getDayOfWeek()));
                case 'b', 'h' -> sb.append(LONG_MONTHS[t.getMonthValue() - 1], 0, 3);
                case 'B' -> sb.append(LONG_MONTHS[t.getMonthValue() - 1]);
                case 'c' -> sb.append(strftime(t, "%a %b %e %H:%M:%S %Y"));
                case 'C' -> num(sb, t.getYear() / 100, 2, padding, '0');
                case 'd' -> num(sb, t.getDayOfMonth(), 2, padding, '0');
                case 'D', 'x' -> sb.append(strftime(t, "%m/%d/%y"));
                case 'e' -> num(sb, t.getDayOfMonth(), 2, padding, ' ');
                case 'f' -> num(sb, t.getNano() / 1000, 6, padding, '0');
                case 'F' -> sb.append(strftime(t, "%Y-%m-%d"));
                case 'g' -> num(sb, t.get(IsoFields.WEEK_BASED_YEAR) % 100, 2, padding, '0');
                case 'G' -> num(sb, t.get(IsoFields.WEEK_BASED_YEAR), 4, padding, '0');
                case 'H' -> num(sb, t.getHour(), 2, padding, '0');
                case 'I' -> num(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, padding, '0');
                case 'j' -> num(sb, t.getDayOfYear(), 3, padding, '0');
                case 'k' -> num(sb, t.getHour(), 2, padding, ' ');
                case 'l' -> num(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, padding, ' ');
                case 'L' -> num(sb, t.getNano() / 1_000_000, 3, padding, '0');
                case 'm' -> num(sb, t.getMonthValue(), 2, padding, '0');
                case 'M' -> num(sb, t.getMinute(), 2, padding, '0');
                case 'n' -> sb.append('\n');
                case 'N' -> num(sb, t.getNano(), 9, padding, '0');
                case 'p' -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
                case 'P' -> sb.append(t.getHour() >= 12 ? "pm" : "am");
                case 'r' -> sb.append(strftime(t, "%I:%M:%S %p"));
                case 'R' -> sb.append(strftime(t, "%H:%M"));
                case 's' -> sb.append(t.toEpochSecond());
                case 'S' -> num(sb, t.getSecond(), 2, padding, '0');
                case 't' -> sb.append('\t');
                case 'T', 'X' -> sb.append(strftime(t, "%H:%M:%S"));
                case 'u' -> sb.append(t.getDayOfWeek().getValue());
                case 'U' -> num(sb, (t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7, 2, padding, '0');
                case 'V' -> num(sb, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, padding, '0');
                case 'v' -> sb.append(strftime(t, "%e-%b-%Y"));
                case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
                case 'W' -> num(sb, (t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7, 2, padding, '0');
                case 'y' -> num(sb, Math.floorMod(t.getYear(), 100), 2, padding, '0');
                case 'Y' -> num(sb, t.getYear(), 4, padding, '0');
                case 'z' -> appendOffset(sb, t.getOffset().getTotalSeconds(), false);
                case 'Z' -> {
                    String name = zoneAbbreviation(t);
                    if (name.isEmpty()) appendOffset(sb, t.getOffset().getTotalSeconds(), false);
                    else sb.append(name);
                }
                case '%' -> sb.append('%');
                case '+' -> sb.append(strftime(t, "%a %b %e %H:%M:%S %Z %Y"));
                default -> sb.append('%').append(f);
            }
            if (upper) {
                String s = sb.substring(start).toUpperCase(Locale.ROOT);
                sb.setLength(start);
                sb.append(s);
            }
        }
        return sb.toString();
    }

    static void num(StringBuilder sb, int v, int width, char padding, char defaultPad) {
        String s = Integer.toString(Math.abs(v));
        if (v < 0) sb.append('-');
        char pad = padding == 0 ? defaultPad : padding == '_' ? ' ' : padding == '0' ? '0' : 0;
        if (pad != 0) for (int i = s.length(); i < width; i++) sb.append(pad);
        sb.append(s);
    }

    static void appendOffset(StringBuilder sb, int offset, boolean colon) {
        sb.append(offset < 0 ? '-' : '+');
        int abs = Math.abs(offset) / 60;
        pad(sb, abs / 60, 2);
        if (colon) sb.append(':');
        pad(sb, abs % 60, 2);
    }

    /** strptime parsing; without {@code %z}/{@code %Z} the result is UTC. */
    static Timestamp strptime(String format, String value) {
        int[] pos = {0};
        int year = 1900;
        int month = 1;
        int day = 1;
        int hour = 0;
        int min = 0;
        int sec = 0;
        long nsec = 0;
        int yday = -1;
        boolean pm = false;
        boolean hasAmPm = false;
        ZoneId zone = ZoneOffset.UTC;
        Long epoch = null;
        int n = format.length();
        for (int i = 0; i < n; i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= n) {
                if (Character.isWhitespace(c)) {
                    while (pos[0] < value.length() && Character.isWhitespace(value.charAt(pos[0]))) pos[0]++;
                    continue;
                }
                expect(value, pos, c, format);
                continue;
            }
            char f = format.charAt(++i);
            while ((f == '-' || f == '_' || f == '0' || f == '^' || f == '#') && i + 1 < n) f = format.charAt(++i);
            if (f == ':' && i + 1 < n && format.charAt(i + 1) == 'z') {
                i++;
                f = 'z';
            }
            switch (f) {
                case 'Y' -> year = (int) number(value, pos, 4, format, true);
                case 'y' -> {
                    int y = (int) number(value, pos, 2, format, false);
                    year = y + (y >= 69 ? 1900 : 2000);
                }
                case 'C' -> year = (int) number(value, pos, 2, format, false) * 100 + Math.floorMod(year, 100);
                case 'm' -> month = (int) number(value, pos, 2, format, false);
                case 'd', 'e' -> {
                    skipSpaces(value, pos);
                    day = (int) number(value, pos, 2, format, false);
                }
                case 'j' -> yday = (int) number(value, pos, 3, format, false);
                case 'H', 'k' -> {
                    skipSpaces(value, pos);
                    hour = (int) number(value, pos, 2, format, false);
                }
                case 'I', 'l' -> {
                    skipSpaces(value, pos);
                    hour = (int) number(value, pos, 2, format, false);
                }
                case 'M' -> min = (int) number(value, pos, 2, format, false);
                case 'S' -> sec = (int) number(value, pos, 2, format, false);
                case 'f', 'N', 'L' -> {
                    int start = pos[0];
                    int max = f == 'L' ? 3 : 9;
                    while (pos[0] < value.length() && pos[0] - start < max && isAsciiDigit(value.charAt(pos[0]))) pos[0]++;
                    if (pos[0] == start) throw strptimeError(value, format);
                    nsec = nanos(value.substring(start, pos[0]));
                }
                case 'b', 'h', 'B' -> {
                    int[] idx = new int[1];
                    String rest = value.substring(pos[0]);
                    String r = lookup(rest, LONG_MONTHS, false, idx);
                    if (r == null) r = lookup(rest, LONG_MONTHS, true, idx);
                    if (r == null) throw strptimeError(value, format);
                    pos[0] += rest.length() - r.length();
                    month = idx[0] + 1;
                }
                case 'a', 'A' -> {
                    String rest = value.substring(pos[0]);
                    String r = lookup(rest, LONG_DAYS, false, new int[1]);
                    if (r == null) r = lookup(rest, LONG_DAYS, true, new int[1]);
                    if (r == null) throw strptimeError(value, format);
                    pos[0] += rest.length() - r.length();
                }
                case 'p', 'P' -> {
                    if (value.length() < pos[0] + 2) throw strptimeError(value, format);
                    String ap = value.substring(pos[0], pos[0] + 2).toUpperCase(Locale.ROOT);
                    if (!ap.equals("AM") && !ap.equals("PM")) throw strptimeError(value, format);
                    hasAmPm = true;
                    pm = ap.equals("PM");
                    pos[0] += 2;
                }
                case 'z' -> {
                    if (pos[0] < value.length() && value.charAt(pos[0]) == 'Z') {
                        pos[0]++;
                        zone = ZoneOffset.UTC;
                        break;
                    }
                    if (pos[0] >= value.length() || (value.charAt(pos[0]) != '+' && value.charAt(pos[0]) != '-')) throw strptimeError(value, format);
                    boolean neg = value.charAt(pos[0]) == '-';
                    pos[0]++;
                    int hh = (int) number(value, pos, 2, format, true);
                    if (pos[0] < value.length() && value.charAt(pos[0]) == ':') pos[0]++;
                    int mm = (int) number(value, pos, 2, format, true);
                    int off = hh * 3600 + mm * 60;
                    zone = ZoneOffset.ofTotalSeconds(neg ? -off : off);
                }
                case 'Z' -> {
                    int start = pos[0];
                    while (pos[0] < value.length() && (Character.isLetter(value.charAt(pos[0])) || value.charAt(pos[0]) == '/' || value.charAt(pos[0]) == '_')) pos[0]++;
                    String name = value.substring(start, pos[0]);
                    if (name.isEmpty()) throw strptimeError(value, format);
                    try {
                        zone = name.equals("UTC") || name.equals("GMT") || name.equals("Z") ? ZoneOffset.UTC : ZoneId.of(name, ZoneId.SHORT_IDS);
                    } catch (RuntimeException e) {
                        zone = ZoneOffset.UTC;
                    }
                }
                case 's' -> {
                    int start = pos[0];
                    if (pos[0] < value.length() && value.charAt(pos[0]) == '-') pos[0]++;
                    while (pos[0] < value.length() && isAsciiDigit(value.charAt(pos[0]))) pos[0]++;
                    if (pos[0] == start) throw strptimeError(value, format);
                    epoch = Long.parseLong(value.substring(start, pos[0]));
                }
                case 'T' -> {
                    hour = (int) number(value, pos, 2, format, false);
                    expect(value, pos, ':', format);
                    min = (int) number(value, pos, 2, format, false);
                    expect(value, pos, ':', format);
                    sec = (int) number(value, pos, 2, format, false);
                }
                case 'R' -> {
                    hour = (int) number(value, pos, 2, format, false);
                    expect(value, pos, ':', format);
                    min = (int) number(value, pos, 2, format, false);
                }
                case 'F' -> {
                    year = (int) number(value, pos, 4, format, true);
                    expect(value, pos, '-', format);
                    month = (int) number(value, pos, 2, format, false);
                    expect(value, pos, '-', format);
                    day = (int) number(value, pos, 2, format, false);
                }
                case 'D', 'x' -> {
                    month = (int) number(value, pos, 2, format, false);
                    expect(value, pos, '/', format);
                    day = (int) number(value, pos, 2, format, false);
                    expect(value, pos, '/', format);
                    int y = (int) number(value, pos, 2, format, false);
                    year = y + (y >= 69 ? 1900 : 2000);
                }
                case 'n', 't' -> skipSpaces(value, pos);
                case '%' -> expect(value, pos, '%', format);
                default -> throw new QueryException("unsupported format: %" + f);
            }
        }
        if (pos[0] < value.length()) {
            throw new QueryException("failed to parse " + Values.goQuote(value) + " with " + Values.goQuote(format) + ": unconverted string: " + Values.goQuote(value.substring(pos[0])));
        }
        if (epoch != null) return new Timestamp(Instant.ofEpochSecond(epoch).atZone(zone));
        if (hasAmPm) {
            if (pm && hour < 12) hour += 12;
            else if (!pm && hour == 12) hour = 0;
        }
        try {
            LocalDateTime ldt = yday > 0
                    ? LocalDate.ofYearDay(year, yday).atTime(hour, min, sec, (int) nsec)
                    : LocalDateTime.of(year, month, day, hour, min, sec, (int) nsec);
            return new Timestamp(ldt.atZone(zone));
        } catch (DateTimeException e) {
            throw new QueryException("failed to parse " + Values.goQuote(value) + " with " + Values.goQuote(format) + ": " + e.getMessage());
        }
    }

    static void skipSpaces(String value, int[] pos) {
        while (pos[0] < value.length() && value.charAt(pos[0]) == ' ') pos[0]++;
    }

    static void expect(String value, int[] pos, char c, String format) {
        if (pos[0] >= value.length() || value.charAt(pos[0]) != c) {
            throw strptimeError(value, format);
        }
        pos[0]++;
    }

    static long number(String value, int[] pos, int maxDigits, String format, boolean signed) {
        int start = pos[0];
        if (signed && pos[0] < value.length() && (value.charAt(pos[0]) == '-' || value.charAt(pos[0]) == '+')) pos[0]++;
        int digitsStart = pos[0];
        while (pos[0] < value.length() && pos[0] - digitsStart < maxDigits && isAsciiDigit(value.charAt(pos[0]))) pos[0]++;
        if (pos[0] == digitsStart) throw strptimeError(value, format);
        return Long.parseLong(value.substring(start, pos[0]).replace("+", ""));
    }

    static QueryException strptimeError(String value, String format) {
        return new QueryException("failed to parse " + Values.goQuote(value) + " with " + Values.goQuote(format) + ": cannot parse");
    }
}
