package io.sluice.core.component;

import io.sluice.core.message.Batch;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A batch on its way from an input to an output, carrying the acknowledgement back to the input.
 * {@link #ack()} and {@link #nack(Throwable)} are idempotent: the first call wins, so nothing is
 * acknowledged twice.
 */
public final class Transaction {
    private final Batch batch;
    private final AckHandle handle;
    private final AtomicBoolean settled = new AtomicBoolean();

    public Transaction(Batch batch, AckHandle handle) {
        this.batch = batch;
        this.handle = handle == null ? AckHandle.NOOP : handle;
    }

    public Batch batch() {
        return batch;
    }

    public void ack() {
        settle(null);
    }

    public void nack(Throwable error) {
        settle(error == null ? new IllegalStateException("rejected") : error);
    }

    public void settle(Throwable errorOrNull) {
        if (settled.compareAndSet(false, true)) handle.done(errorOrNull);
    }

    public boolean isSettled() {
        return settled.get();
    }
}
