package io.sluice.core.connect;

import io.sluice.core.component.AckHandle;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The one {@code auto_replay_nacks} policy, put in front of any input whose source cannot replay by
 * itself ({@link ConnectorFields#autoReplayNacks(io.sluice.core.spec.Conf, Input)} wraps an input in it).
 * <ul>
 *   <li>With replays on, every batch is kept as read; a batch rejected downstream is delivered again
 *       (before new data) until it succeeds, and only then acknowledged to the source. The pipeline
 *       works on a copy, so what is replayed is the original message, not a half-processed one.</li>
 *   <li>A batch rejected again waits a little longer before each new try: 1 ms after the first
 *       rejection, doubling up to {@link #MAX_REPLAY_DELAY_MS} ms, so that an output that keeps failing
 *       is retried steadily rather than in a tight loop. New data waits behind it, keeping the order.</li>
 *   <li>With replays off, a rejection is passed straight to the source (which usually drops it).</li>
 *   <li>Either way, the end of the source is reported only once everything read was settled, so a
 *       late rejection can still be replayed and nothing is acknowledged without delivery.</li>
 *   <li>On close, batches waiting for a replay are rejected to the source, never acknowledged.</li>
 * </ul>
 *
 * <p>A replay is handed out by the next read, so a read of the source must not wait for new data
 * for long: either its read returns null when a bounded poll found nothing (the replay then waits
 * at most one poll), or the source is {@link Wakeable} and a rejection cuts its wait short. Either
 * way this input's read blocks until it has a batch to hand out.
 */
public final class ReplayingInput implements Input {
    /** The longest wait before a replay, however often the batch was rejected. */
    static final long MAX_REPLAY_DELAY_MS = 1_000;

    private final Input source;
    private final boolean replayNacks;
    private final ComponentLog log;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> replays = new ArrayDeque<>();
    private int outstanding;
    private boolean sourceEnded;
    private boolean closed;

    /**
     * A source whose read may wait long for new data (on a local queue, say). A rejection that is to
     * be replayed calls {@link #wakeUp()}: a read of the source waiting at that moment, or else the
     * next one, returns null at once, so that the replay is handed out without waiting for new data.
     */
    public interface Wakeable {
        void wakeUp();
    }

    /** A batch read from the source; it is also the handle its deliveries settle through (one object per read). */
    private final class Pending implements AckHandle {
        final Batch original;
        final Transaction sourceTx;
        int rejections;     // guarded by lock
        long replayAtNanos; // guarded by lock: when it may be handed out again

        Pending(Batch original, Transaction sourceTx) {
            this.original = original;
            this.sourceTx = sourceTx;
        }

        Batch original() {
            return original;
        }

        Transaction sourceTx() {
            return sourceTx;
        }

        @Override
        public void done(Throwable errorOrNull) {
            settle(this, errorOrNull);
        }
    }

    public ReplayingInput(Input source, boolean replayNacks, ComponentLog log) {
        this.source = source;
        this.replayNacks = replayNacks;
        this.log = log;
    }

    /** The wrapped input. */
    public Input source() {
        return source;
    }

    @Override
    public void connect() throws Exception {
        source.connect();
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            synchronized (lock) {
                if (closed) throw new EndOfInputException();
                Pending replay = replays.peek();
                if (replay != null) {
                    long waitNanos = replay.replayAtNanos - System.nanoTime();
                    if (waitNanos <= 0) return issue(replays.poll());
                    // Replays go before new data, so there is nothing else to read meanwhile.
                    lock.wait(Math.max(1, waitNanos / 1_000_000));
                    continue;
                }
                if (sourceEnded) {
                    if (outstanding == 0) throw new EndOfInputException();
                    lock.wait();
                    continue;
                }
            }
            Transaction tx;
            try {
                tx = source.read();
            } catch (EndOfInputException e) {
                synchronized (lock) {
                    sourceEnded = true;
                }
                continue;
            }
            if (tx == null) continue; // nothing new yet: look for a replay, then ask the source again
            synchronized (lock) {
                if (closed) {
                    tx.nack(new IllegalStateException("input closed before the message was delivered"));
                    throw new EndOfInputException();
                }
                return issue(new Pending(replayNacks ? tx.batch() : null, tx));
            }
        }
    }

    /** Hands a batch out; called with the lock held. */
    private Transaction issue(Pending p) {
        outstanding++;
        Batch delivered = p.original() != null ? p.original().copy() : p.sourceTx().batch();
        return new Transaction(delivered, p);
    }

    private void settle(Pending p, Throwable err) {
        boolean replay = false;
        synchronized (lock) {
            outstanding--;
            if (err != null && replayNacks && !closed) {
                p.rejections++;
                p.replayAtNanos = System.nanoTime() + replayDelayMs(p.rejections) * 1_000_000;
                replays.add(p);
                replay = true;
            }
            if (sourceEnded) lock.notifyAll(); // read() waits only once the source ended
        }
        if (replay) {
            log.debug("message rejected downstream, it will be delivered again: {}", err.getMessage());
            if (source instanceof Wakeable w) w.wakeUp();
        } else {
            p.sourceTx().settle(err);
        }
    }

    /** How long a batch rejected {@code rejections} times waits before it is handed out again. */
    static long replayDelayMs(int rejections) {
        return Math.min(MAX_REPLAY_DELAY_MS, 1L << Math.min(Math.max(rejections, 1) - 1, 20));
    }

    /** Number of batches read and not yet settled (for tests and metrics). */
    public int outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    @Override
    public void close() {
        List<Pending> dropped;
        synchronized (lock) {
            closed = true;
            dropped = new ArrayList<>(replays);
            replays.clear();
            lock.notifyAll();
        }
        for (Pending p : dropped) p.sourceTx().nack(new IllegalStateException("input closed before the message was delivered"));
        try {
            source.close();
        } catch (Exception e) {
            log.warn("failed to close input: {}", e.getMessage());
        }
    }
}
