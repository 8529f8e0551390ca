package io.sluice.components.io;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.engine.Backoff;
import io.sluice.core.message.Batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A nested output as a composite output (broker, switch, fallback...) drives it: connected before
 * its first write, never given more concurrent writes than its {@link Output#maxInFlight()}, and
 * reconnected (then written again) when it reports {@link NotConnectedException}, so a lost
 * connection is waited out instead of counting as a failed message.
 */
final class Child implements AutoCloseable {
    private final Output output;
    private final String name;
    private final ComponentLog log;
    private final Semaphore permits;
    private final Object connectLock = new Object();
    private volatile boolean connected;
    private volatile boolean closed;

    Child(Output output, String name, ComponentLog log) {
        this.output = output;
        this.name = name;
        this.log = log;
        this.permits = new Semaphore(Math.max(1, output.maxInFlight()), true);
    }

    Output output() {
        return output;
    }

    String name() {
        return name;
    }

    int maxInFlight() {
        return Math.max(1, output.maxInFlight());
    }

    /** Takes a write slot, waiting for one. */
    void acquire() throws InterruptedException {
        permits.acquire();
    }

    /** Takes a write slot only if one is free now. */
    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /** Takes a write slot, waiting at most {@code nanos}. */
    boolean tryAcquire(long nanos) throws InterruptedException {
        return permits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    }

    void release() {
        permits.release();
    }

    /** Writes with a slot already held. */
    void writeHeld(Batch batch) throws Exception {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        while (true) {
            if (closed) throw new IllegalStateException("output " + name + " is closed");
            ensureConnected();
            try {
                output.write(batch);
                return;
            } catch (NotConnectedException e) {
                connected = false;
                Duration wait = backoff.next();
                log.warn("output {} is not connected, reconnecting in {}: {}", name, wait, e.getMessage());
                Thread.sleep(wait);
            }
        }
    }

    /** Waits for a slot, writes, and frees the slot. */
    void write(Batch batch) throws Exception {
        acquire();
        try {
            writeHeld(batch);
        } finally {
            release();
        }
    }

    private void ensureConnected() throws Exception {
        if (connected) return;
        synchronized (connectLock) {
            if (connected) return;
            Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
            while (true) {
                if (closed) throw new IllegalStateException("output " + name + " is closed");
                try {
                    output.connect();
                    connected = true;
                    return;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    Duration wait = backoff.next();
                    log.warn("output {} failed to connect, retrying in {}: {}", name, wait, e.getMessage());
                    Thread.sleep(wait);
                }
            }
        }
    }

    /** Connects now; a failure is logged and left for the first write to retry. */
    void connectQuietly() {
        synchronized (connectLock) {
            if (connected) return;
            try {
                output.connect();
                connected = true;
            } catch (Exception e) {
                log.warn("output {} failed to connect, will retry on first write: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            output.close();
        } catch (Exception e) {
            log.warn("failed to close output {}: {}", name, e.getMessage());
        }
    }

    static void closeAll(List<Child> children) {
        for (Child c : children) c.close();
    }

    /** A write to do as part of a composite write. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /**
     * Runs the tasks at once on virtual threads and waits for all of them. Returns the first failure
     * (by task order) or null; an interruption cancels the tasks still running and is rethrown.
     */
    static Exception runAll(List<Task> tasks) throws InterruptedException {
        if (tasks.size() == 1) {
            try {
                tasks.get(0).run();
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                return e;
            }
        }
        Exception[] errors = new Exception[tasks.size()];
        Thread[] threads = new Thread[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            int idx = i;
            threads[i] = Thread.startVirtualThread(() -> {
                try {
                    tasks.get(idx).run();
                } catch (Exception e) {
                    errors[idx] = e;
                }
            });
        }
        try {
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            for (Thread t : threads) t.interrupt();
            throw e;
        }
        for (Exception e : errors) if (e != null) return e;
        return null;
    }

    static String describe(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
