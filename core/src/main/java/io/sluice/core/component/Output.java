package io.sluice.core.component;

import io.sluice.core.message.Batch;

/**
 * A sink of messages. {@link #write(Batch)} blocks until the destination accepted the batch and
 * throws when it did not; the engine acknowledges the source only after a write returned normally.
 * Up to {@link #maxInFlight()} writes may run at once on separate virtual threads.
 */
public interface Output extends AutoCloseable {

    default void connect() throws Exception {
    }

    void write(Batch batch) throws Exception;

    default int maxInFlight() {
        return 1;
    }

    /**
     * True for an output whose {@link #write} returns at once and can refuse a batch only for the batch's own sake
     * (never because a destination is slow or away): {@code drop}, say. The engine then writes on the thread that
     * produced the batch and settles it there, with no hand-off to writer threads. Decorators must pass it on.
     */
    default boolean isInstant() {
        return false;
    }

    @Override
    default void close() throws Exception {
    }
}
