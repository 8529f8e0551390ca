package io.sluice.core.builtin;

import io.sluice.core.component.Buffer;
import io.sluice.core.component.Transaction;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * No buffer: a small hand-over queue, so the input waits for the pipeline (back-pressure) and
 * acknowledgements travel end to end.
 */
final class NoneBuffer implements Buffer {
    /**
     * Transactions the input may read ahead of several pipeline threads. With room for one, each message
     * parked the reader until a pipeline thread took it: a thread switch per message.
     */
    static final int CAPACITY = 16;
    private static final Transaction END = new Transaction(null, null);
    private final BlockingQueue<Transaction> queue;

    NoneBuffer(int capacity) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    @Override
    public boolean isPassThrough() {
        return true;
    }

    @Override
    public void write(Transaction tx) throws InterruptedException {
        queue.put(tx);
    }

    @Override
    public Transaction read() throws InterruptedException {
        Transaction tx = queue.take();
        if (tx == END) {
            queue.put(END); // let the other readers see it too
            return null;
        }
        return tx;
    }

    /**
     * Must deliver the end marker even when the reader was interrupted by a stop: without it the
     * pipeline threads would wait forever. The interrupt is kept for the caller.
     */
    @Override
    public void endOfInput() {
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                queue.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
