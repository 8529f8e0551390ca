package io.sluice.core.engine;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.spec.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The connection bookkeeping of one side of a stream (its input or its output): the
 * {@link ConnectionStatus} shown in the stream's status, the {@code <side>_connection_up / failed /
 * lost} counters (named as in the Benthos dialect; they move on connects and losses, never per
 * message), the warnings, and the waits between attempts.
 *
 * <p>The backoff is the caller's: the input's is also reset by a successful read, and each output
 * writer keeps its own, reset by a successful write.
 */
final class ConnectionTracker {
    /** A component's {@code connect()}. */
    @FunctionalInterface
    interface Connect {
        void connect() throws Exception;
    }

    private final ComponentLog log;
    private final LongAdder up;
    private final LongAdder failed;
    private final LongAdder lost;
    private final String failedWarning;
    private final String lostWarning;
    private volatile ConnectionStatus status;

    private ConnectionTracker(String side, String lostWording, StreamMetrics metrics, ComponentLog log) {
        this.log = log;
        this.up = metrics.counter(side + "_connection_up");
        this.failed = metrics.counter(side + "_connection_failed");
        this.lost = metrics.counter(side + "_connection_lost");
        this.failedWarning = side + " failed to connect, retrying in {}: {}";
        this.lostWarning = side + " " + lostWording + ", reconnecting in {}: {}";
        this.status = ConnectionStatus.initial(Instant.now());
    }

    static ConnectionTracker forInput(StreamMetrics metrics, ComponentLog log) {
        return new ConnectionTracker("input", "lost its connection", metrics, log);
    }

    static ConnectionTracker forOutput(StreamMetrics metrics, ComponentLog log) {
        return new ConnectionTracker("output", "not connected", metrics, log);
    }

    ConnectionStatus status() {
        return status;
    }

    /**
     * Connects, waiting {@code backoff} after each failed attempt, until it works (true) or
     * {@code giveUp} says to stop trying (false). The backoff is reset only when an attempt failed
     * first: a component that connects lazily inside read() or write() "connects" at once every
     * time, and must still wait longer after each loss.
     */
    boolean connect(Connect connect, Backoff backoff, BooleanSupplier giveUp) throws InterruptedException {
        boolean attemptFailed = false;
        while (!giveUp.getAsBoolean()) {
            status = status.connecting(Instant.now());
            try {
                connect.connect();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                attemptFailed = true;
                failed.increment();
                backOff(e, backoff, failedWarning);
                continue;
            }
            up.increment();
            status = status.connected(Instant.now());
            if (attemptFailed) backoff.reset();
            return true;
        }
        return false;
    }

    /** The connection was found gone: counts the loss and waits before the caller reconnects. */
    void lost(Exception cause, Backoff backoff) throws InterruptedException {
        lost.increment();
        backOff(cause, backoff, lostWarning);
    }

    void stopped() {
        status = status.stopped(Instant.now());
    }

    private void backOff(Exception cause, Backoff backoff, String warning) throws InterruptedException {
        Duration wait = backoff.next();
        status = status.backingOff(Instant.now(), describe(cause), wait);
        log.warn(warning, Durations.format(wait), cause.getMessage());
        Thread.sleep(wait);
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
