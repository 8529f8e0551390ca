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

    @Override
    default void close() {
    }
}
