package io.sluice.core.observe;

import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;

/**
 * Times the stream's output: {@code output_latency} (one write in {@value MeteredProcessor#TIME_EVERY}) and {@code output_batch_sent}; with the engine's
 * {@code output_sent} (messages) that gives the mean batch size. Messages sent and errors are counted by the engine
 * itself. {@link HotCounters} on the write path, read by the registry when it exports (see {@link MeteredProcessor}).
 */
public final class MeteredOutput implements Output {
    private static final int BATCHES = 0;
    private static final int LATENCY_NANOS = 1;
    private static final int TIMED = 2;

    private final Output delegate;
    private final HotCounters counts = new HotCounters(3);
    private int tick;

    public MeteredOutput(Output delegate, StreamMeters meters, String label, String path) {
        this.delegate = delegate;
        HotCounters c = counts;
        meters.functionCounter("output_batch_sent", label, path, c, m -> m.sum(BATCHES));
        meters.functionTimer("output_latency", label, path, c, m -> m.sum(TIMED), m -> m.sum(LATENCY_NANOS));
    }

    @Override
    public void connect() throws Exception {
        delegate.connect();
    }

    @Override
    public void write(Batch batch) throws Exception {
        boolean owner = counts.owns();
        // One write in TIME_EVERY is timed, the first included, as in MeteredProcessor. Racy tick on purpose (several writers).
        boolean time = (tick++ & (MeteredProcessor.TIME_EVERY - 1)) == 0;
        long start = time ? System.nanoTime() : 0;
        delegate.write(batch);
        if (time) {
            counts.add(owner, LATENCY_NANOS, System.nanoTime() - start);
            counts.add(owner, TIMED, 1);
        }
        counts.add(owner, BATCHES, 1);
    }

    @Override
    public int maxInFlight() {
        return delegate.maxInFlight();
    }

    /** Metering does not wait, so an instant output stays instant and keeps the engine's inline path. */
    @Override
    public boolean isInstant() {
        return delegate.isInstant();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
