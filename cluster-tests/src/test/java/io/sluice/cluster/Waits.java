package io.sluice.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits for a condition (never a fixed sleep standing in for one). */
final class Waits {
    private Waits() {
    }

    /** Waits until the condition holds; fails naming {@code what} when it does not within {@code limit}. */
    static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            Ports.sleep(20);
        }
    }
}
