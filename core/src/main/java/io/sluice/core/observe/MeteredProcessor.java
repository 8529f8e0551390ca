package io.sluice.core.observe;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;

import java.util.List;

/**
 * Counts what goes through one processor, as the dialect names it: {@code processor_received},
 * {@code processor_batch_received}, {@code processor_sent}, {@code processor_batch_sent}, {@code processor_error}
 * (parts that came out flagged and did not go in flagged) and {@code processor_latency} of one batch in
 * {@value #TIME_EVERY}. Applied by the stream builder; the processor itself knows nothing of it.
 *
 * <p>On the message path only {@link HotCounters} move: plain stores when one thread runs the processor (the engine's
 * inline path), {@code LongAdder}s for any other thread; the registry reads them when it exports. Micrometer's own
 * counters and timers cost several times more per batch (composite fan-out, decaying max), and even one
 * {@code LongAdder} per count (an atomic add each) cost a fifth of the engine's throughput in
 * {@code StreamMetricsBenchmark}.
 */
public final class MeteredProcessor implements Processor {
    private static final int RECEIVED = 0;
    private static final int BATCH_RECEIVED = 1;
    private static final int SENT = 2;
    private static final int BATCH_SENT = 3;
    private static final int ERRORS = 4;
    private static final int LATENCY_NANOS = 5;
    private static final int TIMED = 6;

    /** One batch in this many is timed: two clock reads (tens of nanoseconds each) per batch would cost more than all the counting. */
    static final int TIME_EVERY = 16;

    private final Processor delegate;
    private final HotCounters counts = new HotCounters(7);
    // Which batch is timed next: one in TIME_EVERY, the first included. Racy on purpose (a lost update only shifts the
    // sample); exact when one thread runs the processor.
    private int tick;

    public MeteredProcessor(Processor delegate, StreamMeters meters, String label, String path) {
        this.delegate = delegate;
        HotCounters c = counts;
        meters.functionCounter("processor_received", label, path, c, m -> m.sum(RECEIVED));
        meters.functionCounter("processor_batch_received", label, path, c, m -> m.sum(BATCH_RECEIVED));
        meters.functionCounter("processor_sent", label, path, c, m -> m.sum(SENT));
        meters.functionCounter("processor_batch_sent", label, path, c, m -> m.sum(BATCH_SENT));
        meters.functionCounter("processor_error", label, path, c, m -> m.sum(ERRORS));
        // count and sum of the timed batches: the mean is right, the count is a sample (see processor_batch_received)
        meters.functionTimer("processor_latency", label, path, c, m -> m.sum(TIMED), m -> m.sum(LATENCY_NANOS));
    }

    /** The processor inside, for code that needs its concrete type (a workflow's branches). */
    public Processor delegate() {
        return delegate;
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        boolean owner = counts.owns();
        int flaggedBefore = flagged(batch);
        counts.add(owner, RECEIVED, batch.size());
        boolean time = (tick++ & (TIME_EVERY - 1)) == 0;
        long start = time ? System.nanoTime() : 0;
        List<Batch> out = delegate.process(batch);
        if (time) {
            counts.add(owner, LATENCY_NANOS, System.nanoTime() - start);
            counts.add(owner, TIMED, 1);
        }
        counts.add(owner, BATCH_RECEIVED, 1);
        int parts = 0;
        int flaggedAfter = 0;
        for (int i = 0, n = out.size(); i < n; i++) {
            Batch b = out.get(i);
            parts += b.size();
            flaggedAfter += flagged(b);
        }
        counts.add(owner, SENT, parts);
        counts.add(owner, BATCH_SENT, out.size());
        if (flaggedAfter > flaggedBefore) counts.add(owner, ERRORS, flaggedAfter - flaggedBefore);
        return out;
    }

    private static int flagged(Batch batch) {
        int n = 0;
        for (int i = 0, size = batch.size(); i < size; i++) if (batch.get(i).hasError()) n++;
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
