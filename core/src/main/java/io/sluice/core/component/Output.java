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

    @Override
    default void close() throws Exception {
    }
}
