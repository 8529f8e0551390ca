package io.sluice.core.component;

import io.sluice.core.message.Batch;

import java.util.List;

/**
 * Transforms a batch into zero or more batches. A failure on one part does not throw: the part is
 * flagged with {@link io.sluice.core.message.Part#setError(Throwable)} and passed on, so that
 * {@code catch} and {@code try} can see it. An empty result drops the batch, which acknowledges it.
 */
public interface Processor extends AutoCloseable {

    List<Batch> process(Batch batch) throws InterruptedException;

    /**
     * False for a processor that only computes (a mapping, say): it never waits for I/O, a lock held elsewhere or a
     * timer. When every processor of a pipeline says so and {@code threads} was not set, the engine runs the pipeline
     * on the input's thread: pipeline threads would only add a hand-off per message. Decorators must pass it on.
     */
    default boolean mayBlock() {
        return true;
    }

    @Override
    default void close() {
    }
}
