package io.sluice.gateway.cluster;

import io.sluice.gateway.streaming.hub.RedisStreamHubs;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lease of one singleton stream, as this node sees it. The {@link ClusterNode} acquires it while the stream's input
 * wants to run and renews it; its value ({@code <node id>/<fencing token>}, the token one more at every acquisition)
 * is also the fence the stream's hub appends under, so a node that lost the lease without knowing (paused, cut off)
 * cannot add messages after another node took over.
 */
final class SingletonLease implements RedisStreamHubs.Fence {

    private final String streamName;
    private final String key;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile String token;
    private volatile long renewedAtNanos;
    private volatile boolean wanted;
    private volatile boolean closed;

    SingletonLease(String streamName, String key) {
        this.streamName = streamName;
        this.key = key;
    }

    String streamName() {
        return streamName;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String token() {
        return token;
    }

    boolean held() {
        return token != null;
    }

    boolean wanted() {
        return wanted && !closed;
    }

    long renewedAtNanos() {
        return renewedAtNanos;
    }

    /** The input is ready to run: ask for the lease (the node's next tick tries). */
    void want() {
        wanted = true;
    }

    /** Waits until this node holds the lease. */
    void awaitHeld() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (token == null) {
                if (closed) throw new InterruptedException("stream stopped");
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    void acquired(String value, long nowNanos) {
        signal(() -> {
            token = value;
            renewedAtNanos = nowNanos;
        });
    }

    void renewed(long nowNanos) {
        renewedAtNanos = nowNanos;
    }

    void lost() {
        signal(() -> token = null);
    }

    /** The stream stopped: no more wanted; a waiting input gives up. Returns the value to release in Redis, if held. */
    String close() {
        String held = token;
        signal(() -> {
            closed = true;
            wanted = false;
            token = null;
        });
        return held;
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
