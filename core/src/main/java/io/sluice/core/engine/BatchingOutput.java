package io.sluice.core.engine;

import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Groups the messages of concurrent writes into batches per a {@link BatchPolicy}. Each write blocks
 * until the batch holding its messages was written, so acknowledgements still follow the real write.
 */
public final class BatchingOutput implements Output {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-batch-timer");
        t.setDaemon(true);
        return t;
    });

    private final Output inner;
    private final BatchPolicy policy;
    private final Object lock = new Object();
    private Batch pending = new Batch();
    private long pendingBytes;
    private CompletableFuture<Void> pendingResult = new CompletableFuture<>();
    private ScheduledFuture<?> timer;

    public BatchingOutput(Output inner, BatchPolicy policy) {
        this.inner = inner;
        this.policy = policy;
    }

    @Override
    public void connect() throws Exception {
        inner.connect();
    }

    @Override
    public int maxInFlight() {
        // Enough concurrent writers to fill a batch by count; a period-only policy gets a generous window.
        int byCount = policy.count() > 0 ? policy.count() : 64;
        return Math.max(inner.maxInFlight(), byCount);
    }

    @Override
    public void write(Batch batch) throws Exception {
        CompletableFuture<Void> mine;
        Batch toFlush = null;
        CompletableFuture<Void> flushResult = null;
        synchronized (lock) {
            for (Part p : batch) {
                pending.add(p);
                pendingBytes += p.bytes().length;
            }
            mine = pendingResult;
            if (policy.isComplete(pending, pendingBytes)) {
                toFlush = pending;
                flushResult = pendingResult;
                reset();
            } else if (timer == null && !policy.period().isZero()) {
                timer = TIMER.schedule(this::flushOnTimer, policy.period().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        if (toFlush != null) flush(toFlush, flushResult);
        try {
            mine.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    private void reset() {
        pending = new Batch();
        pendingBytes = 0;
        pendingResult = new CompletableFuture<>();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void flushOnTimer() {
        Batch toFlush;
        CompletableFuture<Void> result;
        synchronized (lock) {
            timer = null;
            if (pending.isEmpty()) return;
            toFlush = pending;
            result = pendingResult;
            reset();
        }
        Thread.startVirtualThread(() -> flush(toFlush, result));
    }

    private void flush(Batch batch, CompletableFuture<Void> result) {
        try {
            for (Batch b : policy.finish(batch)) inner.write(b);
            result.complete(null);
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    @Override
    public void close() throws Exception {
        Batch toFlush;
        CompletableFuture<Void> result;
        synchronized (lock) {
            toFlush = pending;
            result = pendingResult;
            reset();
        }
        if (!toFlush.isEmpty()) flush(toFlush, result);
        inner.close();
    }
}
