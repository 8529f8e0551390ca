package io.sluice.core.connect;

/**
 * For an output whose writers (up to {@code max_in_flight} of them) may all ask to reconnect at
 * once: one attempt runs at a time, and a writer that waited while that attempt failed gets its
 * failure instead of trying again straight away (the engine then backs that writer off too).
 *
 * <p>Not thread-safe by itself: the output calls {@link #run} under the lock that guards its
 * connection, with the time it asked for that lock.
 */
public final class SharedConnectAttempt {

    /** Opens the connection; throws when that failed. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    private Exception lastFailure;
    private long lastFailureAt;

    /**
     * Runs {@code attempt}, unless an attempt failed after {@code askedAt} (a {@link System#nanoTime()}
     * taken before the caller waited for its lock): then that failure is thrown again.
     */
    public void run(long askedAt, Attempt attempt) throws Exception {
        Exception last = lastFailure;
        if (last != null && lastFailureAt - askedAt > 0) throw last;
        try {
            attempt.run();
            lastFailure = null;
        } catch (Exception e) {
            lastFailure = e;
            lastFailureAt = System.nanoTime();
            throw e;
        }
    }
}
