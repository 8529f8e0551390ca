package io.sluice.core.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.List;

/**
 * Counts what goes through one processor, as the dialect names it: {@code processor_received},
 * {@code processor_batch_received}, {@code processor_sent}, {@code processor_batch_sent}, {@code processor_error}
 * (parts that came out flagged and did not go in flagged) and {@code processor_latency} per batch. Applied by the
 * stream builder; the processor itself knows nothing of it.
 */
public final class MeteredProcessor implements Processor {
    private final Processor delegate;
    private final Counter received;
    private final Counter batchReceived;
    private final Counter sent;
    private final Counter batchSent;
    private final Counter errors;
    private final Timer latency;

    public MeteredProcessor(Processor delegate, StreamMeters meters, String label, String path) {
        this.delegate = delegate;
        this.received = meters.counter("processor_received", label, path);
        this.batchReceived = meters.counter("processor_batch_received", label, path);
        this.sent = meters.counter("processor_sent", label, path);
        this.batchSent = meters.counter("processor_batch_sent", label, path);
        this.errors = meters.counter("processor_error", label, path);
        this.latency = meters.timer("processor_latency", label, path);
    }

    /** The processor inside, for code that needs its concrete type (a workflow's branches). */
    public Processor delegate() {
        return delegate;
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        int flaggedBefore = flagged(batch);
        received.increment(batch.size());
        batchReceived.increment();
        long start = System.nanoTime();
        List<Batch> out = delegate.process(batch);
        latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        int parts = 0;
        int flaggedAfter = 0;
        for (Batch b : out) {
            parts += b.size();
            flaggedAfter += flagged(b);
        }
        sent.increment(parts);
        batchSent.increment(out.size());
        if (flaggedAfter > flaggedBefore) errors.increment(flaggedAfter - flaggedBefore);
        return out;
    }

    private static int flagged(Batch batch) {
        int n = 0;
        for (Part p : batch) if (p.hasError()) n++;
        return n;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
