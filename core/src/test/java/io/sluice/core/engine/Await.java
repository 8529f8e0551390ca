package io.sluice.core.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits for a state the test must see (core cannot use testkit, which builds on core). */
final class Await {
    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(1);
        }
    }
}
