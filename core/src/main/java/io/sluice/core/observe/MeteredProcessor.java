package io.sluice.core.observe;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what goes through one processor, as the dialect names it: {@code processor_received},
 * {@code processor_batch_received}, {@code processor_sent}, {@code processor_batch_sent}, {@code processor_error}
 * (parts that came out flagged and did not go in flagged) and {@code processor_latency} of one batch in
 * {@value #TIME_EVERY}. Applied by the
 * stream builder; the processor itself knows nothing of it.
 *
 * <p>On the message path only {@code LongAdder}s move (a few nanoseconds each, no contention between pipeline
 * threads); the registry reads them when it exports. Micrometer's own counters and timers cost several times more per
 * batch (composite fan-out, decaying max), which showed as a third of the engine's throughput in
 * {@code StreamMetricsBenchmark}.
 */
public final class MeteredProcessor implements Processor {
    private final Processor delegate;
    private final LongAdder received = new LongAdder();
    private final LongAdder batchReceived = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder batchSent = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAdder timed = new LongAdder();
    // Which batch is timed next: one in TIME_EVERY. Racy on purpose (a lost update only shifts the sample).
    private int tick;

    /** One batch in this many is timed: two clock reads per batch were the larger part of the decorator's cost. */
    static final int TIME_EVERY = 8;

    public MeteredProcessor(Processor delegate, StreamMeters meters, String label, String path) {
        this.delegate = delegate;
        meters.functionCounter("processor_received", label, path, received, LongAdder::sum);
        meters.functionCounter("processor_batch_received", label, path, batchReceived, LongAdder::sum);
        meters.functionCounter("processor_sent", label, path, sent, LongAdder::sum);
        meters.functionCounter("processor_batch_sent", label, path, batchSent, LongAdder::sum);
        meters.functionCounter("processor_error", label, path, errors, LongAdder::sum);
        // count and sum of the timed batches: the mean is right, the count is a sample (see processor_batch_received)
        meters.functionTimer("processor_latency", label, path, this, m -> m.timed.sum(), m -> m.latencyNanos.sum());
    }

    /** The processor inside, for code that needs its concrete type (a workflow's branches). */
    public Processor delegate() {
        return delegate;
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        int flaggedBefore = flagged(batch);
        received.add(batch.size());
        boolean time = (tick++ & (TIME_EVERY - 1)) == 0;
        long start = time ? System.nanoTime() : 0;
        List<Batch> out = delegate.process(batch);
        if (time) {
            latencyNanos.add(System.nanoTime() - start);
            timed.increment();
        }
        batchReceived.increment();
        int parts = 0;
        int flaggedAfter = 0;
        for (Batch b : out) {
            parts += b.size();
            flaggedAfter += flagged(b);
        }
        sent.add(parts);
        batchSent.add(out.size());
        if (flaggedAfter > flaggedBefore) errors.add(flaggedAfter - flaggedBefore);
        return out;
    }

    private static int flagged(Batch batch) {
        int n = 0;
        for (Part p : batch) if (p.hasError()) n++;
        return n;
    }

    /** Metering and tracing do not block: the engine may run the processor inline exactly when it could without them. */
    @Override
    public boolean mayBlock() {
        return delegate.mayBlock();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
