package io.sluice.connectors.kafka;

import java.time.Duration;

/** Lets one log line through per period and counts the ones held back, so an outage does not flood the log. */
final class LogLimiter {
    private final long periodNanos;
    private long next = Long.MIN_VALUE;
    private long suppressed;

    LogLimiter(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** -1 when this line should not be logged; otherwise how many were held back since the last one. */
    synchronized long tryLog() {
        long now = System.nanoTime();
        if (next != Long.MIN_VALUE && now - next < 0) {
            suppressed++;
            return -1;
        }
        next = now + periodNanos;
        long s = suppressed;
        suppressed = 0;
        return s;
    }
}
