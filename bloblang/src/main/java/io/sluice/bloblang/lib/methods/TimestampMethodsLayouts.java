package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time text formats of the original: Go's reference layouts ({@code 2006-01-02T15:04:05Z07:00}),
 * strftime / strptime specifiers ({@code %Y-%m-%d}), Go duration strings ({@code 1h30m}) and ISO 8601
 * periods ({@code P1Y2M3DT4H}).
 */
final class TimestampMethodsLayouts {

    private TimestampMethodsLayouts() {
    }

    static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

    private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    private static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    // ---- Go layouts ------------------------------------------------------------------------------

    /** The elements of a Go layout (the original's std chunks). */
    enum Std {
        LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
        UNDER_YEAR_DAY, ZERO_YEAR_DAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
        LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ,
        ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ,
        NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ,
        FRAC0, FRAC9
    }

    /** One element: literal text before it, the element (null at the end) and its source text. */
    record Chunk(String prefix, Std std, String text, int digits, char separator) {
    }

    static List<Chunk> chunks(String layout) {
        List<Chunk> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = layout.length();
        while (i < n) {
            char c = layout.charAt(i);
            Std std = null;
            int len = 0;
            int digits = 0;
            char sep = 0;
            switch (c) {
                case 'J' -> {
                    if (layout.startsWith("Jan", i)) {
                        if (layout.startsWith("January", i)) { std = Std.LONG_MONTH; len = 7; } else { std = Std.MONTH; len = 3; }
                    }
                }
                case 'M' -> {
                    if (layout.startsWith("Mon", i)) {
                        if (layout.startsWith("Monday", i)) { std = Std.LONG_WEEKDAY; len = 6; } else { std = Std.WEEKDAY; len = 3; }
                    } else if (layout.startsWith("MST", i)) { std = Std.TZ; len = 3; }
                }
                case '0' -> {
                    if (i + 1 < n && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                        std = switch (layout.charAt(i + 1)) {
                            case '1' -> Std.ZERO_MONTH;
                            case '2' -> Std.ZERO_DAY;
                            case '3' -> Std.ZERO_HOUR12;
                            case '4' -> Std.ZERO_MINUTE;
                            case '5' -> Std.ZERO_SECOND;
                            default -> Std.YEAR;
                        };
                        len = 2;
                    } else if (layout.startsWith("002", i)) { std = Std.ZERO_YEAR_DAY; len = 3; }
                }
                case '1' -> {
                    if (layout.startsWith("15", i)) { std = Std.HOUR; len = 2; } else { std = Std.NUM_MONTH; len = 1; }
                }
                case '2' -> {
                    if (layout.startsWith("2006", i)) { std = Std.LONG_YEAR; len = 4; } else { std = Std.DAY; len = 1; }
                }
                case '_' -> {
                    if (i + 1 < n && layout.charAt(i + 1) == '2') {
                        if (layout.startsWith("2006", i + 1)) {
                            // "_2006" is a literal underscore followed by the year
                            out.add(new Chunk(layout.substring(start, i + 1), Std.LONG_YEAR, "2006", 0, (char) 0));
                            i += 5;
                            start = i;
                            continue;
                        }
                        std = Std.UNDER_DAY;
                        len = 2;
                    } else if (layout.startsWith("__2", i)) { std = Std.UNDER_YEAR_DAY; len = 3; }
                }
                case '3' -> { std = Std.HOUR12; len = 1; }
                case '4' -> { std = Std.MINUTE; len = 1; }
                case '5' -> { std = Std.SECOND; len = 1; }
                case 'P' -> { if (layout.startsWith("PM", i)) { std = Std.PM_UPPER; len = 2; } }
                case 'p' -> { if (layout.startsWith("pm", i)) { std = Std.PM_LOWER; len = 2; } }
                case '-' -> {
                    if (layout.startsWith("-070000", i)) { std = Std.NUM_SECONDS_TZ; len = 7; }
                    else if (layout.startsWith("-07:00:00", i)) { std = Std.NUM_COLON_SECONDS_TZ; len = 9; }
                    else if (layout.startsWith("-0700", i)) { std = Std.NUM_TZ; len = 5; }
                    else if (layout.startsWith("-07:00", i)) { std = Std.NUM_COLON_TZ; len = 6; }
                    else if (layout.startsWith("-07", i)) { std = Std.NUM_SHORT_TZ; len = 3; }
                }
                case 'Z' -> {
                    if (layout.startsWith("Z070000", i)) { std = Std.ISO_SECONDS_TZ; len = 7; }
                    else if (layout.startsWith("Z07:00:00", i)) { std = Std.ISO_COLON_SECONDS_TZ; len = 9; }
                    else if (layout.startsWith("Z0700", i)) { std = Std.ISO_TZ; len = 5; }
                    else if (layout.startsWith("Z07:00", i)) { std = Std.ISO_COLON_TZ; len = 6; }
                    else if (layout.startsWith("Z07", i)) { std = Std.ISO_SHORT_TZ; len = 3; }
                }
                case '.', ',' -> {
                    if (i + 1 < n && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                        char ch = layout.charAt(i + 1);
                        int j = i + 1;
                        while (j < n && layout.charAt(j) == ch) j++;
                        if (!(j < n && Character.isDigit(layout.charAt(j)))) {
                            std = ch == '0' ? Std.FRAC0 : Std.FRAC9;
                            len = j - i;
                            digits = j - i - 1;
                            sep = c;
                        }
                    }
                }
                default -> { }
            }
            if (std == null) {
                i++;
                continue;
            }
            out.add(new Chunk(layout.substring(start, i), std, layout.substring(i, i + len), digits, sep));
            i += len;
            start = i;
        }
        out.add(new Chunk(layout.substring(start), null, "", 0, (char) 0));
        return out;
    }

    /** Go's {@code Time.Format}. */
    static String format(ZonedDateTime t, String layout) {
        StringBuilder sb = new StringBuilder(layout.length() + 10);
        for (Chunk c : chunks(layout)) {
            sb.append(c.prefix());
            if (c.std() == null) break;
            int offset = t.getOffset().getTotalSeconds();
            switch (c.std()) {
                case YEAR -> pad(sb, Math.floorMod(t.getYear(), 100), 2);
                case LONG_YEAR -> {
                    int y = t.getYear();
                    if (y < 0) { sb.append('-'); y = -y; }
                    pad(sb, y, 4);
                }
                case MONTH -> sb.append(LONG_MONTHS[t.getMonthValue() - 1], 0, 3);
                case LONG_MONTH -> sb.append(LONG_MONTHS[t.getMonthValue() - 1]);
                case NUM_MONTH -> sb.append(t.getMonthValue());
                case ZERO_MONTH -> pad(sb, t.getMonthValue(), 2);
                case WEEKDAY -> sb.append(dayName(t.getDayOfWeek()), 0, 3);
                case LONG_WEEKDAY -> sb.append(dayName(t.getDayOfWeek()));
                case DAY -> sb.append(t.getDayOfMonth());
                case UNDER_DAY -> {
                    if (t.getDayOfMonth() < 10) sb.append(' ');
                    sb.append(t.getDayOfMonth());
                }
                case ZERO_DAY -> pad(sb, t.getDayOfMonth(), 2);
                case UNDER_YEAR_DAY -> {
                    int d = t.getDayOfYear();
                    if (d < 100) sb.append(' ');
                    if (d < 10) sb.append(' ');
                    sb.append(d);
                }
                case ZERO_YEAR_DAY -> pad(sb, t.getDayOfYear(), 3);
                case HOUR -> pad(sb, t.getHour(), 2);
                case HOUR12 -> sb.append(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
                case ZERO_HOUR12 -> pad(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
                case MINUTE -> sb.append(t.getMinute());
                case ZERO_MINUTE -> pad(sb, t.getMinute(), 2);
                case SECOND -> sb.append(t.getSecond());
                case ZERO_SECOND -> pad(sb, t.getSecond(), 2);
                case PM_UPPER -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
                case PM_LOWER -> sb.append(t.getHour() >= 12 ? "pm" : "am");
                case ISO_TZ, ISO_COLON_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_SECONDS_TZ,
                     NUM_TZ, NUM_COLON_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_SECONDS_TZ -> {
                    Std s = c.std();
                    boolean iso = s.name().startsWith("ISO");
                    if (offset == 0 && iso) {
                        sb.append('Z');
                        break;
                    }
                    int zone = offset / 60;
                    int abs = offset;
                    if (zone < 0) {
                        sb.append('-');
                        zone = -zone;
                        abs = -abs;
                    } else {
                        sb.append('+');
                    }
                    pad(sb, zone / 60, 2);
                    boolean colon = s == Std.ISO_COLON_TZ || s == Std.NUM_COLON_TZ || s == Std.ISO_COLON_SECONDS_TZ || s == Std.NUM_COLON_SECONDS_TZ;
                    if (colon) sb.append(':');
                    if (s != Std.NUM_SHORT_TZ && s != Std.ISO_SHORT_TZ) pad(sb, zone % 60, 2);
                    if (s == Std.ISO_SECONDS_TZ || s == Std.NUM_SECONDS_TZ || s == Std.NUM_COLON_SECONDS_TZ || s == Std.ISO_COLON_SECONDS_TZ) {
                        if (colon) sb.append(':');
                        pad(sb, abs % 60, 2);
                    }
                }
                case TZ -> {
                    String name = zoneAbbreviation(t);
                    if (!name.isEmpty()) {
                        sb.append(name);
                    } else {
                        int zone = offset / 60;
                        if (zone < 0) {
                            sb.append('-');
                            zone = -zone;
                        } else {
                            sb.append('+');
                        }
                        pad(sb, zone / 60, 2);
                        pad(sb, zone % 60, 2);
                    }
                }
                case FRAC0, FRAC9 -> {
                    String frac = String.format("%09d", t.getNano()).substring(0, c.digits());
                    if (c.std() == Std.FRAC9) {
                        int end = frac.length();
                        while (end > 0 && frac.charAt(end - 1) == '0') end--;
                        if (end == 0) break;
                        frac = frac.substring(0, end);
                    }
                    sb.append(c.separator()).append(frac);
                }
            }
        }
        return sb.toString();
    }

    private static String dayName(DayOfWeek d) {
        return LONG_DAYS[d.getValue() % 7];
    }

    /** The zone abbreviation Go would show: {@code UTC} for UTC, none for a plain offset. */
    private static String zoneAbbreviation(ZonedDateTime t) {
        ZoneId z = t.getZone();
        if (z instanceof ZoneOffset off) return off.getTotalSeconds() == 0 && z.equals(ZoneOffset.UTC) ? "UTC" : "";
        if (z.getId().equals("UTC") || z.getId().equals("Etc/UTC")) return "UTC";
        String name = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.US).format(t);
        if (name.startsWith("GMT") && name.length() > 3) {
            // Go names zones without an abbreviation by their offset, e.g. "+03"
            int off = t.getOffset().getTotalSeconds();
            StringBuilder sb = new StringBuilder(off < 0 ? "-" : "+");
            off = Math.abs(off);
            pad(sb, off / 3600, 2);
            if ((off / 60) % 60 != 0) pad(sb, (off / 60) % 60, 2);
            return sb.toString();
        }
        return name;
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }

    /** Go's {@code time.Parse}: no zone in the text means UTC. */
    static Timestamp parse(String layout, String value) {
        String original = value;
        int year = 1;
        int month = -1;
        int day = -1;
        int yday = -1;
        int hour = 0;
        int min = 0;
        int sec = 0;
        long nsec = 0;
        boolean pmSet = false;
        boolean amSet = false;
        ZoneOffset zone = null;
        boolean utc = false;
        String zoneName = null;
        List<Chunk> chunks = chunks(layout);
        for (int ci = 0; ci < chunks.size(); ci++) {
            Chunk c = chunks.get(ci);
            String rest = skip(value, c.prefix());
            if (rest == null) throw parseError(layout, original, value, c.prefix());
            value = rest;
            if (c.std() == null) {
                if (!value.isEmpty()) throw new QueryException("parsing time " + Values.goQuote(original) + ": extra text: " + Values.goQuote(value));
                break;
            }
            String hold = value;
            String rangeErr = null;
            boolean bad = false;
            int[] num = new int[1];
            switch (c.std()) {
                case YEAR -> {
                    if (value.length() < 2 || !digits(value, 0, 2)) { bad = true; break; }
                    year = Integer.parseInt(value.substring(0, 2));
                    year += year >= 69 ? 1900 : 2000;
                    value = value.substring(2);
                }
                case LONG_YEAR -> {
                    if (value.length() < 4 || !digits(value, 0, 4)) { bad = true; break; }
                    year = Integer.parseInt(value.substring(0, 4));
                    value = value.substring(4);
                }
                case MONTH, LONG_MONTH -> {
                    int[] idx = new int[1];
                    String r = lookup(value, LONG_MONTHS, c.std() == Std.MONTH, idx);
                    if (r == null) { bad = true; break; }
                    month = idx[0] + 1;
                    value = r;
                }
                case NUM_MONTH, ZERO_MONTH -> {
                    String r = getNum(value, c.std() == Std.ZERO_MONTH, num);
                    if (r == null) { bad = true; break; }
                    month = num[0];
                    if (month <= 0 || month > 12) rangeErr = "month";
                    value = r;
                }
                case WEEKDAY, LONG_WEEKDAY -> {
                    String r = lookup(value, LONG_DAYS, c.std() == Std.WEEKDAY, new int[1]);
                    if (r == null) { bad = true; break; }
                    value = r;
                }
                case DAY, UNDER_DAY, ZERO_DAY -> {
                    if (c.std() == Std.UNDER_DAY && !value.isEmpty() && value.charAt(0) == ' ') value = value.substring(1);
                    String r = getNum(value, c.std() == Std.ZERO_DAY, num);
                    if (r == null) { bad = true; break; }
                    day = num[0];
                    value = r;
                }
                case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
                    for (int k = 0; k < 2; k++) {
                        if (c.std() == Std.UNDER_YEAR_DAY && !value.isEmpty() && value.charAt(0) == ' ') value = value.substring(1);
                    }
                    int len = 0;
                    while (len < 3 && len < value.length() && Character.isDigit(value.charAt(len))) len++;
                    if (len == 0 || (c.std() == Std.ZERO_YEAR_DAY && len < 3)) { bad = true; break; }
                    yday = Integer.parseInt(value.substring(0, len));
                    value = value.substring(len);
                    if (yday < 1 || yday > 366) rangeErr = "day-of-year";
                }
                case HOUR -> {
                    String r = getNum(value, false, num);
                    if (r == null) { bad = true; break; }
                    hour = num[0];
                    if (hour < 0 || hour >= 24) rangeErr = "hour";
                    value = r;
                }
                case HOUR12, ZERO_HOUR12 -> {
                    String r = getNum(value, c.std() == Std.ZERO_HOUR12, num);
                    if (r == null) { bad = true; break; }
                    hour = num[0];
                    if (hour < 0 || hour > 12) rangeErr = "hour";
                    value = r;
                }
                case MINUTE, ZERO_MINUTE -> {
                    String r = getNum(value, c.std() == Std.ZERO_MINUTE, num);
                    if (r == null) { bad = true; break; }
                    min = num[0];
                    if (min < 0 || min >= 60) rangeErr = "minute";
                    value = r;
                }
                case SECOND, ZERO_SECOND -> {
                    String r = getNum(value, c.std() == Std.ZERO_SECOND, num);
                    if (r == null) { bad = true; break; }
                    sec = num[0];
                    if (sec < 0 || sec >= 60) { rangeErr = "second"; value = r; break; }
                    value = r;
                    // a fraction in the text that the layout does not mention is still accepted
                    if (value.length() >= 2 && (value.charAt(0) == '.' || value.charAt(0) == ',') && Character.isDigit(value.charAt(1))) {
                        Std next = ci + 1 < chunks.size() ? chunks.get(ci + 1).std() : null;
                        boolean nextIsFrac = next != null && chunks.get(ci + 1).prefix().isEmpty() && (next == Std.FRAC0 || next == Std.FRAC9);
                        if (!nextIsFrac) {
                            int k = 2;
                            while (k < value.length() && Character.isDigit(value.charAt(k))) k++;
                            nsec = nanos(value.substring(1, k));
                            value = value.substring(k);
                        }
                    }
                }
                case PM_UPPER, PM_LOWER -> {
                    if (value.length() < 2) { bad = true; break; }
                    String p = value.substring(0, 2);
                    boolean upper = c.std() == Std.PM_UPPER;
                    if (p.equals(upper ? "PM" : "pm")) pmSet = true;
                    else if (p.equals(upper ? "AM" : "am")) amSet = true;
                    else { bad = true; break; }
                    value = value.substring(2);
                }
                case ISO_TZ, ISO_COLON_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_SECONDS_TZ,
                     NUM_TZ, NUM_COLON_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_SECONDS_TZ -> {
                    Std s = c.std();
                    if (s.name().startsWith("ISO") && !value.isEmpty() && value.charAt(0) == 'Z') {
                        value = value.substring(1);
                        utc = true;
                        break;
                    }
                    boolean colon = s == Std.ISO_COLON_TZ || s == Std.NUM_COLON_TZ || s == Std.ISO_COLON_SECONDS_TZ || s == Std.NUM_COLON_SECONDS_TZ;
                    boolean secs = s == Std.ISO_SECONDS_TZ || s == Std.NUM_SECONDS_TZ || s == Std.ISO_COLON_SECONDS_TZ || s == Std.NUM_COLON_SECONDS_TZ;
                    boolean shortTz = s == Std.ISO_SHORT_TZ || s == Std.NUM_SHORT_TZ;
                    String expect = shortTz ? "-hh" : colon ? (secs ? "-hh:mm:ss" : "-hh:mm") : (secs ? "-hhmmss" : "-hhmm");
                    if (value.length() < expect.length()) { bad = true; break; }
                    String part = value.substring(0, expect.length());
                    char sign = part.charAt(0);
                    if (sign != '+' && sign != '-') { bad = true; break; }
                    String h;
                    String m = "00";
                    String sc = "00";
                    if (shortTz) {
                        h = part.substring(1, 3);
                    } else if (colon) {
                        if (part.charAt(3) != ':' || (secs && part.charAt(6) != ':')) { bad = true; break; }
                        h = part.substring(1, 3);
                        m = part.substring(4, 6);
                        if (secs) sc = part.substring(7, 9);
                    } else {
                        h = part.substring(1, 3);
                        m = part.substring(3, 5);
                        if (secs) sc = part.substring(5, 7);
                    }
                    if (!(digits(h, 0, 2) && digits(m, 0, 2) && digits(sc, 0, 2))) { bad = true; break; }
                    int off = (Integer.parseInt(h) * 60 + Integer.parseInt(m)) * 60 + Integer.parseInt(sc);
                    if (off > 18 * 3600) { bad = true; break; }
                    zone = ZoneOffset.ofTotalSeconds(sign == '-' ? -off : off);
                    value = value.substring(expect.length());
                }
                case TZ -> {
                    if (value.startsWith("UTC")) {
                        utc = true;
                        value = value.substring(3);
                        break;
                    }
                    int len = zoneNameLength(value);
                    if (len <= 0) { bad = true; break; }
                    zoneName = value.substring(0, len);
                    value = value.substring(len);
                }
                case FRAC0 -> {
                    int ndigit = 1 + c.digits();
                    if (value.length() < ndigit || (value.charAt(0) != '.' && value.charAt(0) != ',') || !digits(value, 1, ndigit)) { bad = true; break; }
                    nsec = nanos(value.substring(1, ndigit));
                    value = value.substring(ndigit);
                }
                case FRAC9 -> {
                    if (value.length() < 2 || (value.charAt(0) != '.' && value.charAt(0) != ',') || !Character.isDigit(value.charAt(1))) break;
                    int k = 1;
                    while (k < value.length() && k < 10 && Character.isDigit(value.charAt(k))) k++;
                    nsec = nanos(value.substring(1, k));
                    value = value.substring(k);
                }
            }
            if (rangeErr != null) throw new QueryException("parsing time " + Values.goQuote(original) + ": " + rangeErr + " out of range");
            if (bad) throw parseError(layout, original, hold, c.text());
        }
        if (pmSet && hour < 12) hour += 12;
        else if (amSet && hour == 12) hour = 0;
        if (yday >= 0) {
            LocalDate d = LocalDate.ofYearDay(year, Math.min(yday, java.time.Year.isLeap(year) ? 366 : 365));
            if (month >= 0 && month != d.getMonthValue() || day >= 0 && day != d.getDayOfMonth()) {
                throw new QueryException("parsing time " + Values.goQuote(original) + ": day-of-year does not match month");
            }
            month = d.getMonthValue();
            day = d.getDayOfMonth();
        } else {
            if (month < 0) month = 1;
            if (day < 0) day = 1;
        }
        if (day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            throw new QueryException("parsing time " + Values.goQuote(original) + ": day out of range");
        }
        LocalDateTime ldt = LocalDateTime.of(year, month, day, hour, min, sec, (int) nsec);
        if (utc) return new Timestamp(ldt.atZone(ZoneOffset.UTC));
        if (zone != null) return new Timestamp(ldt.atZone(zone));
        if (zoneName != null) {
            int off = 0;
            if (zoneName.length() > 3 && zoneName.startsWith("GMT")) {
                try {
                    off = Integer.parseInt(zoneName.substring(3).replace("+", "")) * 3600;
                } catch (NumberFormatException ignored) {
                    off = 0;
                }
            }
            return new Timestamp(ldt.atZone(ZoneOffset.ofTotalSeconds(off)));
        }
        return new Timestamp(ldt.atZone(ZoneOffset.UTC));
    }

    private static QueryException parseError(String layout, String value, String rest, String elem) {
        return new QueryException("parsing time " + Values.goQuote(value) + " as " + Values.goQuote(layout)
                + ": cannot parse " + Values.goQuote(rest) + " as " + Values.goQuote(elem));
    }

    /** Go's {@code skip}: literal layout text, where a space matches any run of spaces. */
    private static String skip(String value, String prefix) {
        int p = 0;
        int v = 0;
        while (p < prefix.length()) {
            if (prefix.charAt(p) == ' ') {
                if (v < value.length() && value.charAt(v) != ' ') return null;
                while (p < prefix.length() && prefix.charAt(p) == ' ') p++;
                while (v < value.length() && value.charAt(v) == ' ') v++;
                continue;
            }
            if (v >= value.length() || value.charAt(v) != prefix.charAt(p)) return null;
            p++;
            v++;
        }
        return value.substring(v);
    }

    private static boolean digits(String s, int from, int to) {
        if (s.length() < to) return false;
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') return false;
        return true;
    }

    /** One or two digits ({@code fixed}: exactly two). */
    private static String getNum(String s, boolean fixed, int[] out) {
        if (s.isEmpty() || !isAsciiDigit(s.charAt(0))) return null;
        if (s.length() < 2 || !isAsciiDigit(s.charAt(1))) {
            if (fixed) return null;
            out[0] = s.charAt(0) - '0';
            return s.substring(1);
        }
        out[0] = (s.charAt(0) - '0') * 10 + (s.charAt(1) - '0');
        return s.substring(2);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String lookup(String value, String[] names, boolean abbreviated, int[] idx) {
        for (int i = 0; i < names.length; i++) {
            String name = abbreviated ? names[i].substring(0, 3) : names[i];
            if (value.length() >= name.length() && value.substring(0, name.length()).equalsIgnoreCase(name)) {
                idx[0] = i;
                return value.substring(name.length());
            }
        }
        return null;
    }

    /** Length of a zone abbreviation such as {@code EST}, {@code CEST}, {@code GMT+3}; 0 if none. */
    private static int zoneNameLength(String value) {
        if (value.length() < 3) return 0;
        if (value.length() >= 4 && (value.startsWith("ChST") || value.startsWith("MeST"))) return 4;
        if (value.startsWith("GMT")) {
            int i = 3;
            if (i < value.length() && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
                i++;
                while (i < value.length() && isAsciiDigit(value.charAt(i))) i++;
                return i == 4 ? 3 : i;
            }
            return 3;
        }
        int n = 0;
        while (n < value.length() && n < 6 && value.charAt(n) >= 'A' && value.charAt(n) <= 'Z') n++;
        if (n >= 3 && n <= 5) return n;
        if (n == 6) return 0;
        return 0;
    }

    private static long nanos(String digits) {
        String d = digits.length() > 9 ? digits.substring(0, 9) : digits;
        StringBuilder sb = new StringBuilder(d);
        while (sb.length() < 9) sb.append('0');
        return Long.parseLong(sb.toString());
    }

    // ---- strftime ------------------------------------------------------------------------------

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

    private static void num(StringBuilder sb, int v, int width, char padding, char defaultPad) {
        String s = Integer.toString(Math.abs(v));
        if (v < 0) sb.append('-');
        char pad = padding == 0 ? defaultPad : padding == '_' ? ' ' : padding == '0' ? '0' : 0;
        if (pad != 0) for (int i = s.length(); i < width; i++) sb.append(pad);
        sb.append(s);
    }

    private static void appendOffset(StringBuilder sb, int offset, boolean colon) {
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
        if (epoch != null) return new Timestamp(java.time.Instant.ofEpochSecond(epoch).atZone(zone));
        if (hasAmPm) {
            if (pm && hour < 12) hour += 12;
            else if (!pm && hour == 12) hour = 0;
        }
        try {
            LocalDateTime ldt = yday > 0
                    ? LocalDate.ofYearDay(year, yday).atTime(hour, min, sec, (int) nsec)
                    : LocalDateTime.of(year, month, day, hour, min, sec, (int) nsec);
            return new Timestamp(ldt.atZone(zone));
        } catch (java.time.DateTimeException e) {
            throw new QueryException("failed to parse " + Values.goQuote(value) + " with " + Values.goQuote(format) + ": " + e.getMessage());
        }
    }

    private static void skipSpaces(String value, int[] pos) {
        while (pos[0] < value.length() && value.charAt(pos[0]) == ' ') pos[0]++;
    }

    private static void expect(String value, int[] pos, char c, String format) {
        if (pos[0] >= value.length() || value.charAt(pos[0]) != c) {
            throw strptimeError(value, format);
        }
        pos[0]++;
    }

    private static long number(String value, int[] pos, int maxDigits, String format, boolean signed) {
        int start = pos[0];
        if (signed && pos[0] < value.length() && (value.charAt(pos[0]) == '-' || value.charAt(pos[0]) == '+')) pos[0]++;
        int digitsStart = pos[0];
        while (pos[0] < value.length() && pos[0] - digitsStart < maxDigits && isAsciiDigit(value.charAt(pos[0]))) pos[0]++;
        if (pos[0] == digitsStart) throw strptimeError(value, format);
        return Long.parseLong(value.substring(start, pos[0]).replace("+", ""));
    }

    private static QueryException strptimeError(String value, String format) {
        return new QueryException("failed to parse " + Values.goQuote(value) + " with " + Values.goQuote(format) + ": cannot parse");
    }

    // ---- durations -----------------------------------------------------------------------------

    /** Go's {@code time.ParseDuration}, in nanoseconds. */
    static long parseDuration(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalidDuration(orig);
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
            boolean pre = i > start;
            String intPart = s.substring(start, i);
            String frac = "";
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
                frac = s.substring(fs, i);
            }
            if (!pre && frac.isEmpty()) throw invalidDuration(orig);
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !isAsciiDigit(s.charAt(i))) i++;
            String unit = s.substring(us, i);
            if (unit.isEmpty()) throw new QueryException("time: missing unit in duration " + Values.goQuote(orig));
            long mult = switch (unit) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new QueryException("time: unknown unit " + Values.goQuote(unit) + " in duration " + Values.goQuote(orig));
            };
            BigDecimal v = new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(v.multiply(BigDecimal.valueOf(mult)));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalidDuration(orig);
        }
        long ns = total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        return neg ? -ns : ns;
    }

    private static QueryException invalidDuration(String s) {
        return new QueryException("time: invalid duration " + Values.goQuote(s));
    }

    /** An ISO 8601 period: calendar part (years, months, days incl. weeks) and clock part in seconds. */
    record Period(BigDecimal years, BigDecimal months, BigDecimal weeks, BigDecimal days,
                  BigDecimal hours, BigDecimal minutes, BigDecimal seconds, boolean negative) {

        private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
        private static final BigDecimal DAY_SECONDS = BigDecimal.valueOf(86_400);
        private static final BigDecimal YEAR_SECONDS = new BigDecimal("365.2425").multiply(DAY_SECONDS);

        static Period parse(String s) {
            String orig = s;
            if (s.isEmpty()) throw new QueryException("cannot parse a blank string as a period");
            boolean neg = false;
            if (s.charAt(0) == '-' || s.charAt(0) == '+') {
                neg = s.charAt(0) == '-';
                s = s.substring(1);
            }
            if (s.equals("P0")) return new Period(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, false);
            if (s.isEmpty() || s.charAt(0) != 'P') throw new QueryException(Values.goQuote(orig) + ": expected 'P' period mark at the start");
            BigDecimal[] v = new BigDecimal[7];
            java.util.Arrays.fill(v, BigDecimal.ZERO);
            boolean time = false;
            boolean any = false;
            int i = 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == 'T') {
                    if (time) throw new QueryException(Values.goQuote(orig) + ": 'T' designator cannot occur more than once");
                    time = true;
                    i++;
                    continue;
                }
                int start = i;
                while (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ',' || s.charAt(i) == '-')) i++;
                if (i == start || i >= s.length()) throw new QueryException(Values.goQuote(orig) + ": missing designator at the end");
                BigDecimal num;
                try {
                    num = new BigDecimal(s.substring(start, i).replace(',', '.'));
                } catch (NumberFormatException e) {
                    throw new QueryException(Values.goQuote(orig) + ": expected a number but found '" + s.substring(start, i) + "'");
                }
                char d = s.charAt(i++);
                int slot = switch (d) {
                    case 'Y' -> time ? -1 : 0;
                    case 'M' -> time ? 5 : 1;
                    case 'W' -> time ? -1 : 2;
                    case 'D' -> time ? -1 : 3;
                    case 'H' -> time ? 4 : -1;
                    case 'S' -> time ? 6 : -1;
                    default -> -1;
                };
                if (slot < 0) throw new QueryException(Values.goQuote(orig) + ": expected a designator Y, M, W, D, H, or S not '" + d + "'");
                v[slot] = v[slot].add(num);
                any = true;
            }
            if (!any) throw new QueryException(Values.goQuote(orig) + ": expected 'Y', 'M', 'W', 'D', 'H', 'M', or 'S' designator");
            return new Period(v[0], v[1], v[2], v[3], v[4], v[5], v[6], neg);
        }

        Period negate() {
            return new Period(years, months, weeks, days, hours, minutes, seconds, !negative);
        }

        /** Nanoseconds with years of 365.2425 days and months of a twelfth of that. */
        long approxNanos() {
            BigDecimal secs = years.multiply(YEAR_SECONDS)
                    .add(months.multiply(YEAR_SECONDS).divide(BigDecimal.valueOf(12), java.math.MathContext.DECIMAL128))
                    .add(weeks.multiply(BigDecimal.valueOf(7)).add(days).multiply(DAY_SECONDS))
                    .add(clockSeconds());
            long ns = secs.multiply(NANOS_PER_SECOND).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
            return negative ? -ns : ns;
        }

        private BigDecimal clockSeconds() {
            return hours.multiply(BigDecimal.valueOf(3600)).add(minutes.multiply(BigDecimal.valueOf(60))).add(seconds);
        }

        private static boolean whole(BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0;
        }

        /**
         * Adds the period as Go's {@code AddDate} then {@code Add} would: whole years, months and days move
         * the calendar (with Go's normalisation: 31 January plus a month is 3 March), the rest is added as
         * an exact duration.
         */
        ZonedDateTime addTo(ZonedDateTime t) {
            int sign = negative ? -1 : 1;
            if (whole(years) && whole(months) && whole(weeks) && whole(days)) {
                int y = sign * years.intValueExact();
                int m = sign * months.intValueExact();
                int d = sign * (weeks.intValueExact() * 7 + days.intValueExact());
                ZonedDateTime moved = addDate(t, y, m, d);
                long ns = clockSeconds().multiply(NANOS_PER_SECOND).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
                return moved.plusNanos(sign * ns);
            }
            return t.plusNanos(approxNanos());
        }

        static ZonedDateTime addDate(ZonedDateTime t, int years, int months, int days) {
            long totalMonths = (long) t.getYear() * 12 + (t.getMonthValue() - 1) + (long) years * 12 + months;
            int year = (int) Math.floorDiv(totalMonths, 12);
            int month = Math.floorMod(totalMonths, 12) + 1;
            LocalDate date = LocalDate.of(year, month, 1).plusDays(t.getDayOfMonth() - 1L + days);
            return ZonedDateTime.ofLocal(date.atTime(t.toLocalTime()), t.getZone(), t.getOffset());
        }
    }

    /** Go's {@code Time.Round}: to the nearest multiple of {@code d} since year 1, halfway values up. */
    static ZonedDateTime round(ZonedDateTime t, long d) {
        if (d <= 0) return t;
        BigInteger zeroToUnix = BigInteger.valueOf(62135596800L).multiply(BigInteger.valueOf(1_000_000_000L));
        BigInteger since = BigInteger.valueOf(t.toEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(t.getNano())).add(zeroToUnix);
        BigInteger bd = BigInteger.valueOf(d);
        BigInteger r = since.mod(bd);
        BigInteger result = r.add(r).compareTo(bd) < 0 ? since.subtract(r) : since.add(bd.subtract(r));
        BigInteger unixNanos = result.subtract(zeroToUnix);
        BigInteger[] qr = unixNanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        long secs = qr[0].longValue();
        long nanos = qr[1].longValue();
        if (nanos < 0) {
            nanos += 1_000_000_000L;
            secs--;
        }
        return java.time.Instant.ofEpochSecond(secs, nanos).atZone(t.getZone());
    }

    /** Go's {@code Time.Sub}, saturating at the limits of a 64-bit nanosecond duration. */
    static long sub(ZonedDateTime a, ZonedDateTime b) {
        BigInteger diff = BigInteger.valueOf(a.toEpochSecond()).subtract(BigInteger.valueOf(b.toEpochSecond()))
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(a.getNano() - b.getNano()));
        if (diff.bitLength() > 63) return diff.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        return diff.longValue();
    }

    static BigInteger unixNanos(ZonedDateTime t) {
        return BigInteger.valueOf(t.toEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(t.getNano()));
    }
}
