package io.sluice.connectors.kafka;

import java.util.Locale;

/** Byte sizes written as in the dialect: "1MB" (10^6), "50MiB" (2^20), "512KB", "1B", or a plain number. */
final class Sizes {
    private Sizes() {
    }

    static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0) throw new IllegalArgumentException("'" + text + "' is not a byte size (e.g. 1MB, 50MiB)");
        double n = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i);
        long factor = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1000L;
            case "kib", "ki" -> 1L << 10;
            case "m", "mb" -> 1000L * 1000;
            case "mib", "mi" -> 1L << 20;
            case "g", "gb" -> 1000L * 1000 * 1000;
            case "gib", "gi" -> 1L << 30;
            default -> throw new IllegalArgumentException("'" + text + "': unknown size unit '" + unit + "'");
        };
        return Math.round(n * factor);
    }

    static int parseInt(String text) {
        long v = parse(text);
        if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("'" + text + "' is larger than " + Integer.MAX_VALUE + " bytes");
        return (int) v;
    }
}
