package io.sluice.core.component;

import io.sluice.core.message.Batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A batch on its way from an input to an output, carrying the acknowledgement back to the input.
 * {@link #ack()} and {@link #nack(Throwable)} are idempotent: the first call wins, so nothing is
 * acknowledged twice.
 */
public final class Transaction {
    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(Transaction.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Batch batch;
    private final AckHandle handle;
    // A field rather than an AtomicBoolean: one object less per message.
    private volatile boolean settled;

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
        if (SETTLED.compareAndSet(this, false, true)) handle.done(errorOrNull);
    }

    public boolean isSettled() {
        return settled;
    }
}
