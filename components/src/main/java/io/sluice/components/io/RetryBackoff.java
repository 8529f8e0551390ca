package io.sluice.components.io;

import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exponential backoff between retries: starts at {@code initial}, grows by half each time up to
 * {@code max}, each wait randomised by ±50%. It gives up after {@code maxRetries} retries or once
 * {@code maxElapsed} passed (either zero: no limit).
 */
public record RetryBackoff(Duration initial, Duration max, Duration maxElapsed, int maxRetries) {

    static final double MULTIPLIER = 1.5;
    static final double RANDOMISATION = 0.5;

    /** The dialect's usual backoff for outputs that retry until delivery. */
    static RetryBackoff indefinite() {
        return new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ZERO, 0);
    }

    public static FieldSpec[] fields(int maxRetries, String initial, String max, String maxElapsed) {
        return new FieldSpec[]{
                FieldSpec.integer("max_retries").defaultValue(maxRetries).advanced()
                        .description("Give up after this many retries. 0: no limit on the count."),
                FieldSpec.object("backoff",
                                FieldSpec.duration("initial_interval").defaultValue(initial)
                                        .description("The wait before the first retry. Each further wait is half as long again, up to `max_interval`, and varies by up to half at random.")
                                        .example("100ms", "2s"),
                                FieldSpec.duration("max_interval").defaultValue(max)
                                        .description("The longest wait between two retries.").example("10s", "2m"),
                                FieldSpec.duration("max_elapsed_time").defaultValue(maxElapsed)
                                        .description("Give up once this long has passed since the first failure. 0: no time limit.")
                                        .example("30s", "15m"))
                        .description("The waits between retries.").advanced()
        };
    }

    public static RetryBackoff from(Conf conf) {
        Conf b = conf.child("backoff");
        return new RetryBackoff(b.duration("initial_interval"), b.duration("max_interval"), b.duration("max_elapsed_time"),
                conf.integer("max_retries"));
    }

    public Attempts start() {
        return new Attempts();
    }

    /** The retries of one message. */
    public final class Attempts {
        private final long startNanos = System.nanoTime();
        private double interval = initial.toNanos();
        private int retries;

        /** How long to wait before the next try, or null to give up. */
        public Duration next() {
            if (maxRetries > 0 && retries >= maxRetries) return null;
            if (!maxElapsed.isZero() && System.nanoTime() - startNanos > maxElapsed.toNanos()) return null;
            retries++;
            double delta = RANDOMISATION * interval;
            double wait = interval - delta + ThreadLocalRandom.current().nextDouble() * (2 * delta + 1);
            double cap = max.isZero() ? Double.MAX_VALUE : max.toNanos();
            interval = Math.min(interval * MULTIPLIER, cap);
            return Duration.ofNanos((long) Math.max(0, wait));
        }

        public int retries() {
            return retries;
        }
    }
}
