package io.sluice.core.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;

import java.util.concurrent.TimeUnit;

/**
 * Times the stream's output: {@code output_latency} per write, {@code output_batch_sent} and the sizes of the
 * batches written ({@code output_batch_size}). Messages sent and errors are counted by the engine itself
 * ({@code output_sent}, {@code output_error}).
 */
public final class MeteredOutput implements Output {
    private final Output delegate;
    private final Timer latency;
    private final Counter batches;
    private final DistributionSummary sizes;

    public MeteredOutput(Output delegate, StreamMeters meters, String label, String path) {
        this.delegate = delegate;
        this.latency = meters.timer("output_latency", label, path);
        this.batches = meters.counter("output_batch_sent", label, path);
        this.sizes = meters.sizes("output_batch_size", label, path);
    }

    @Override
    public void connect() throws Exception {
        delegate.connect();
    }

    @Override
    public void write(Batch batch) throws Exception {
        long start = System.nanoTime();
        delegate.write(batch);
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batches.increment();
        sizes.record(batch.size());
    }

    @Override
    public int maxInFlight() {
        return delegate.maxInFlight();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
