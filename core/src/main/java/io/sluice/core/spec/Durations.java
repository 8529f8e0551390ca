package io.sluice.core.spec;

import java.time.Duration;

/** Go-style duration strings ("300ms", "1.5h", "2h45m", "10s"), as the config dialect writes them. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String s) {
        String t = s.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) t = t.substring(1);
        if (t.equals("0")) return Duration.ZERO;
        double nanos = 0;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
            if (start == i) throw new IllegalArgumentException("invalid duration '" + s + "' (expected e.g. 500ms, 10s, 1m30s)");
            double value = Double.parseDouble(t.substring(start, i));
            int unitStart = i;
            while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') i++;
            String unit = t.substring(unitStart, i);
            double factor = switch (unit) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> throw new IllegalArgumentException("invalid duration '" + s + "': unknown unit '" + unit
                        + "' (use ns, us, ms, s, m or h)");
            };
            nanos += value * factor;
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    /** Formats like Go's time.Duration.String() for round values ("1s", "1m30s", "500ms"). */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        long ms = d.toMillis();
        if (ms < 1000 && d.toNanos() % 1_000_000 == 0) return ms + "ms";
        StringBuilder sb = new StringBuilder();
        long h = d.toHours(), m = d.toMinutesPart(), sec = d.toSecondsPart();
        if (h > 0) sb.append(h).append('h');
        if (m > 0) sb.append(m).append('m');
        if (sec > 0 || d.toMillisPart() > 0) {
            sb.append(sec);
            if (d.toMillisPart() > 0) sb.append('.').append(String.format("%03d", d.toMillisPart()).replaceAll("0+$", ""));
            sb.append('s');
        }
        return sb.toString();
    }
}
