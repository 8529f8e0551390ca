package io.sluice.core.builtin;

import io.sluice.core.component.AckHandle;
import io.sluice.core.component.Buffer;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds up to {@code limit} bytes in memory and acknowledges the input as soon as a batch is stored,
 * decoupling a bursty input from a slower pipeline. As documented for the dialect, messages in the
 * buffer are lost if the process dies; use no buffer for end-to-end at-least-once.
 */
final class MemoryBuffer implements Buffer {
    private final long limit;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;
    private boolean ended;

    MemoryBuffer(long limit) {
        this.limit = limit;
    }

    @Override
    public void write(Transaction tx) throws InterruptedException {
        long size = tx.batch().byteSize();
        lock.lockInterruptibly();
        try {
            while (bytes > 0 && bytes + size > limit) notFull.await();
            queue.add(tx.batch());
            bytes += size;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        tx.ack();
    }

    @Override
    public Transaction read() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (ended) return null;
                notEmpty.await();
            }
            Batch b = queue.poll();
            bytes -= b.byteSize();
            notFull.signalAll();
            return new Transaction(b, AckHandle.NOOP);
        } finally {
            lock.unlock();
        }
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
