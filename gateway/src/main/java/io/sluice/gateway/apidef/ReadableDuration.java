package io.sluice.gateway.apidef;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tyk's compact durations: "1s", "500ms", "1m30s", "2h"; a bare number means seconds. */
public final class ReadableDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private ReadableDuration() {
    }

    public static Duration parse(String text) {
        String value = text.trim();
        if (value.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }
        Matcher matcher = PART.matcher(value);
        long millis = 0;
        int consumed = 0;
        while (matcher.find()) {
            if (matcher.start() != consumed) {
                break;
            }
            double amount = Double.parseDouble(matcher.group(1));
            millis += Math.round(amount * switch (matcher.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            });
            consumed = matcher.end();
        }
        if (consumed != value.length() || value.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 1s, 500ms or 1m30s");
        }
        return Duration.ofMillis(millis);
    }
}
