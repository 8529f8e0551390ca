package io.sluice.bloblang.lib.methods;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.sluice.bloblang.lib.methods.TimestampMethodsLayouts.LONG_DAYS;
import static io.sluice.bloblang.lib.methods.TimestampMethodsLayouts.LONG_MONTHS;

/** Go's reference-time layouts ({@code 2006-01-02T15:04:05Z07:00}): cutting a layout into its parts and formatting with it. */
final class GoLayouts {
    private GoLayouts() {
    }

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

    static String dayName(DayOfWeek d) {
        return LONG_DAYS[d.getValue() % 7];
    }

    /** The zone abbreviation Go would show: {@code UTC} for UTC, none for a plain offset. */
    static String zoneAbbreviation(ZonedDateTime t) {
        ZoneId z = t.getZone();
        if (z instanceof ZoneOffset off) return off.getTotalSeconds() == 0 && z.equals(ZoneOffset.UTC) ? "UTC" : "";
        if (z.getId().equals("UTC") || z.getId().equals("Etc/UTC")) return "UTC";
        String name = DateTimeFormatter.ofPattern("zzz", Locale.US).format(t);
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

    static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }
}
