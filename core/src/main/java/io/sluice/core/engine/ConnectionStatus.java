package io.sluice.core.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the connection of a stream's input or output stands. Immutable: the engine swaps a new one in on every
 * transition (connect attempts, losses, the end), never per message, so reading it is free and always consistent.
 *
 * @param state       what the engine is doing about the connection now
 * @param since       when that state began
 * @param nextAttempt when a {@link State#BACKING_OFF} wait ends; null in other states
 * @param failures    connection failures and losses since the last successful connect
 * @param lastError   the last connection error (kept after a reconnect, for diagnosis); null when none happened
 * @param lastErrorAt when {@code lastError} happened; null when none happened
 */
public record ConnectionStatus(State state, Instant since, Instant nextAttempt, int failures, String lastError, Instant lastErrorAt) {

    public enum State {
        /** Calling the component's {@code connect()}. */
        CONNECTING,
        /** {@code connect()} returned; reads or writes go through. */
        CONNECTED,
        /** The last attempt failed or the connection was lost; the next attempt is at {@code nextAttempt}. */
        BACKING_OFF,
        /** The stream ended; nothing connects any more. */
        STOPPED
    }

    static ConnectionStatus initial(Instant now) {
        return new ConnectionStatus(State.CONNECTING, now, null, 0, null, null);
    }

    ConnectionStatus connecting(Instant now) {
        return state == State.CONNECTING ? this : new ConnectionStatus(State.CONNECTING, now, null, failures, lastError, lastErrorAt);
    }

    ConnectionStatus connected(Instant now) {
        return new ConnectionStatus(State.CONNECTED, now, null, 0, lastError, lastErrorAt);
    }

    ConnectionStatus backingOff(Instant now, String error, Duration wait) {
        return new ConnectionStatus(State.BACKING_OFF, now, now.plus(wait), failures + 1, error, now);
    }

    ConnectionStatus stopped(Instant now) {
        return state == State.STOPPED ? this : new ConnectionStatus(State.STOPPED, now, null, failures, lastError, lastErrorAt);
    }
}
