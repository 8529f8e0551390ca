package io.sluice.components.io.support;

import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** An output for tests: remembers what it accepted, and can be made slow or failing. */
public class CapturingOutput implements Output {
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile int failFirst;
    private volatile Predicate<Batch> failWhen = b -> false;
    private volatile String failMessage = "capture refused the batch";
    private volatile boolean closed;
    private final int maxInFlight;

    public CapturingOutput() {
        this(1);
    }

    public CapturingOutput(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public CapturingOutput slow(Duration d) {
        this.delay = d;
        return this;
    }

    /** The first {@code n} writes fail. */
    public CapturingOutput failFirst(int n) {
        this.failFirst = n;
        return this;
    }

    /** Writes of batches matching the predicate fail. */
    public CapturingOutput failWhen(Predicate<Batch> p) {
        this.failWhen = p;
        return this;
    }

    public CapturingOutput failWith(String message) {
        this.failMessage = message;
        return this;
    }

    @Override
    public void write(Batch batch) throws Exception {
        int n = attempts.incrementAndGet();
        if (!delay.isZero()) Thread.sleep(delay);
        if (n <= failFirst || failWhen.test(batch)) throw new Exception(failMessage);
        batches.add(batch);
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void close() {
        closed = true;
    }

    public List<Batch> batches() {
        return batches;
    }

    public int attempts() {
        return attempts.get();
    }

    public boolean closed() {
        return closed;
    }

    /** Every accepted message's text, in order of acceptance. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Batch b : batches) for (Part p : b) out.add(p.text());
        return out;
    }

    public List<Part> parts() {
        List<Part> out = new ArrayList<>();
        for (Batch b : batches) out.addAll(b.parts());
        return out;
    }

    public static boolean contains(Batch b, String text) {
        for (Part p : b) if (p.text().equals(text)) return true;
        return false;
    }
}
