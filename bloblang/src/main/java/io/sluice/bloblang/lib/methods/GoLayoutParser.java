package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import static io.sluice.bloblang.lib.methods.GoLayouts.Chunk;
import static io.sluice.bloblang.lib.methods.GoLayouts.Std;
import static io.sluice.bloblang.lib.methods.GoLayouts.chunks;
import static io.sluice.bloblang.lib.methods.TimestampMethodsLayouts.LONG_DAYS;
import static io.sluice.bloblang.lib.methods.TimestampMethodsLayouts.LONG_MONTHS;

/** Reading a time with a Go reference-time layout, with the errors Go's {@code time.Parse} gives. */
final class GoLayoutParser {
    private GoLayoutParser() {
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
            LocalDate d = LocalDate.ofYearDay(year, Math.min(yday, Year.isLeap(year) ? 366 : 365));
            if (month >= 0 && month != d.getMonthValue() || day >= 0 && day != d.getDayOfMonth()) {
                throw new QueryException("parsing time " + Values.goQuote(original) + ": day-of-year does not match month");
            }
            month = d.getMonthValue();
            day = d.getDayOfMonth();
        } else {
            if (month < 0) month = 1;
            if (day < 0) day = 1;
        }
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
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

    static QueryException parseError(String layout, String value, String rest, String elem) {
        return new QueryException("parsing time " + Values.goQuote(value) + " as " + Values.goQuote(layout)
                + ": cannot parse " + Values.goQuote(rest) + " as " + Values.goQuote(elem));
    }

    /** Go's {@code skip}: literal layout text, where a space matches any run of spaces. */
    static String skip(String value, String prefix) {
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

    static boolean digits(String s, int from, int to) {
        if (s.length() < to) return false;
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') return false;
        return true;
    }

    /** One or two digits ({@code fixed}: exactly two). */
    static String getNum(String s, boolean fixed, int[] out) {
        if (s.isEmpty() || !isAsciiDigit(s.charAt(0))) return null;
        if (s.length() < 2 || !isAsciiDigit(s.charAt(1))) {
            if (fixed) return null;
            out[0] = s.charAt(0) - '0';
            return s.substring(1);
        }
        out[0] = (s.charAt(0) - '0') * 10 + (s.charAt(1) - '0');
        return s.substring(2);
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String lookup(String value, String[] names, boolean abbreviated, int[] idx) {
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
    static int zoneNameLength(String value) {
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

    static long nanos(String digits) {
        String d = digits.length() > 9 ? digits.substring(0, 9) : digits;
        StringBuilder sb = new StringBuilder(d);
        while (sb.length() < 9) sb.append('0');
        return Long.parseLong(sb.toString());
    }
}
