package io.sluice.core.observe;

import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;

import java.util.concurrent.atomic.LongAdder;

/**
 * Times the stream's output: {@code output_latency} (one write in eight) and {@code output_batch_sent}; with the engine's
 * {@code output_sent} (messages) that gives the mean batch size. Messages sent and errors are counted by the engine
 * itself. {@code LongAdder}s on the write path, read by the registry when it exports (see {@link MeteredProcessor}).
 */
public final class MeteredOutput implements Output {
    private final Output delegate;
    private final LongAdder batches = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAdder timed = new LongAdder();
    private int tick;

    public MeteredOutput(Output delegate, StreamMeters meters, String label, String path) {
        this.delegate = delegate;
        meters.functionCounter("output_batch_sent", label, path, batches, LongAdder::sum);
        meters.functionTimer("output_latency", label, path, this, m -> m.timed.sum(), m -> m.latencyNanos.sum());
    }

    @Override
    public void connect() throws Exception {
        delegate.connect();
    }

    @Override
    public void write(Batch batch) throws Exception {
        // One write in eight is timed, as in MeteredProcessor. Racy counter on purpose (several writers).
        boolean time = (tick++ & (MeteredProcessor.TIME_EVERY - 1)) == 0;
        long start = time ? System.nanoTime() : 0;
        delegate.write(batch);
        if (time) {
            latencyNanos.add(System.nanoTime() - start);
            timed.increment();
        }
        batches.increment();
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
