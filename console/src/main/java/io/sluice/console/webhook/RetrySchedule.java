package io.sluice.console.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: exponential backoff (the first delay, doubling per attempt, capped) with
 * "equal jitter" (a random point in the upper half of the delay), so subscribers that failed together do not get
 * retried in lockstep. After {@code maxAttempts} attempts the delivery goes to the dead-letter list.
 */
public record RetrySchedule(int maxAttempts, Duration first, Duration max) {

    public RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("portal.webhook_max_attempts: must be at least 1, got " + maxAttempts);
        }
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("portal.webhook_retry_seconds must be positive and at most webhook_retry_max_seconds");
        }
    }

    /** True when the delivery has had all its attempts. */
    public boolean exhausted(int attemptsMade) {
        return attemptsMade >= maxAttempts;
    }

    /** The wait after attempt {@code attemptsMade} (1 after the first attempt) failed. */
    public long delayMillis(int attemptsMade) {
        long base = first.toMillis();
        long cap = max.toMillis();
        long delay = base;
        for (int i = 1; i < attemptsMade && delay < cap; i++) {
            delay = Math.min(cap, delay * 2);
        }
        long half = delay / 2;
        return half + ThreadLocalRandom.current().nextLong(delay - half + 1);
    }
}
