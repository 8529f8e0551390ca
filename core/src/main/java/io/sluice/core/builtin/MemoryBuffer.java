package io.sluice.core.builtin;

import io.sluice.core.component.AckHandle;
import io.sluice.core.component.Buffer;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds up to {@code limit} bytes in memory and acknowledges the input as soon as a batch is stored,
 * decoupling a bursty input from a slower pipeline. As documented for the dialect, messages in the
 * buffer are lost if the process dies; use no buffer for end-to-end at-least-once.
 *
 * <p>With a {@code batch_policy}, readers get messages regrouped into batches by that policy: the
 * input's batches are taken apart and joined until a limit of the policy is reached, its period has
 * passed since the first message, or the input ended.
 */
final class MemoryBuffer implements Buffer {
    private final long limit;
    private final BatchPolicy policy;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    /** Batches the policy's processors made out of one flush, handed out one per read. */
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;
    private boolean ended;

    MemoryBuffer(long limit) {
        this(limit, null);
    }

    /** {@code policy} null: batches leave as they came. */
    MemoryBuffer(long limit, BatchPolicy policy) {
        this.limit = limit;
        this.policy = policy;
    }

    @Override
    public void write(Transaction tx) throws InterruptedException {
        long size = tx.batch().byteSize();
        lock.lockInterruptibly();
        try {
            while (bytes > 0 && bytes + size > limit) notFull.await();
            queue.add(tx.batch());
            bytes += size;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        tx.ack();
    }

    @Override
    public Transaction read() throws InterruptedException {
        if (policy != null) {
            Transaction t;
            do t = readBatched(); while (t != null && t.batch().isEmpty()); // the policy's processors may delete a whole batch
            return t;
        }
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (ended) return null;
                notEmpty.await();
            }
            return new Transaction(take(), AckHandle.NOOP);
        } finally {
            lock.unlock();
        }
    }

    private Batch take() {
        Batch b = queue.poll();
        bytes -= b.byteSize();
        notFull.signalAll();
        return b;
    }

    /** Joins queued messages into one batch by the policy; its processors run outside the lock. */
    private Transaction readBatched() throws InterruptedException {
        Batch pending = new Batch();
        lock.lockInterruptibly();
        try {
            if (!ready.isEmpty()) return new Transaction(ready.poll(), AckHandle.NOOP);
            long pendingBytes = 0;
            long deadline = 0;
            while (true) {
                while (!queue.isEmpty()) {
                    // Messages are moved one by one, so that a count of 10 cuts a queued batch of 25 into 10, 10 and 5.
                    Batch head = queue.peek();
                    Part p = head.parts().removeFirst();
                    long size = p.bytes().length;
                    bytes -= size;
                    if (head.isEmpty()) queue.poll();
                    notFull.signalAll();
                    if (pending.isEmpty() && !policy.period().isZero()) deadline = System.nanoTime() + policy.period().toNanos();
                    pending.add(p);
                    pendingBytes += size;
                    if (policy.isComplete(pending, pendingBytes)) break;
                }
                if (!pending.isEmpty() && policy.isComplete(pending, pendingBytes)) break;
                if (ended) {
                    if (pending.isEmpty()) return null;
                    break;
                }
                if (pending.isEmpty() || policy.period().isZero()) {
                    notEmpty.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    notEmpty.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
        }
        List<Batch> out = new ArrayList<>(policy.finish(pending));
        out.removeIf(Batch::isEmpty);
        if (out.isEmpty()) return new Transaction(new Batch(), AckHandle.NOOP);
        if (out.size() > 1) {
            lock.lock();
            try {
                ready.addAll(out.subList(1, out.size()));
            } finally {
                lock.unlock();
            }
        }
        return new Transaction(out.getFirst(), AckHandle.NOOP);
    }

    @Override
    public void endOfInput() {
        lock.lock();
        try {
            ended = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

}
