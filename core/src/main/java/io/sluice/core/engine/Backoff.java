package io.sluice.core.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped; used for reconnects and retries. */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** The next wait: a random duration up to min(max, initial * 2^attempt), never below half of it. */
    public Duration next() {
        long cap = Math.min(max.toMillis(), initial.toMillis() * (1L << Math.min(attempt, 20)));
        attempt++;
        long half = cap / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(Math.max(1, cap - half + 1)));
    }

    public void sleep() throws InterruptedException {
        Thread.sleep(next());
    }

    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
