package io.sluice.connectors.kafka;

import io.sluice.core.message.Batch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One assigned partition: the deliveries handed out in offset order and whether each is done.
 * The committable offset is one past the last delivery of the leading run of done ones.
 */
final class PartitionState {
    /** A record's mark in its run: set by whoever settles it, read by the one folding marks into the watermark. */
    private static final VarHandle RECORD_DONE = MethodHandles.arrayElementVarHandle(boolean[].class);

    final TopicPartition tp;
    final int limit;
    volatile boolean revoked;
    volatile boolean blocked;
    volatile long endOffset = -1;
    // guarded by this
    private final ArrayDeque<RecordDelivery> pending = new ArrayDeque<>();
    private int pendingMessages;
    private long committable = -1;
    // whoever holds the session's consumer only
    final ArrayDeque<ConsumerRecord<byte[], byte[]>> backlog = new ArrayDeque<>();
    List<ConsumerRecord<byte[], byte[]>> building = new ArrayList<>();
    Batch buildingBatch = new Batch();
    long buildingBytes;
    long buildingSince;
    boolean paused;
    long lastCommitted = -1;

    PartitionState(TopicPartition tp, int limit) {
        this.tp = tp;
        this.limit = limit;
    }

    synchronized void track(RecordDelivery d) {
        pending.addLast(d);
        pendingMessages += d.size;
    }

    /** Messages handed over and not yet settled (settled records of runs are folded in first). */
    synchronized int pendingMessages() {
        advance();
        return pendingMessages;
    }

    /** One past the last offset that it and every earlier message of the partition are settled; -1 before any. */
    synchronized long committable() {
        advance();
        return committable;
    }

    /** Marks the delivery done; true when the partition was blocked and may now fetch again. */
    boolean settle(RecordDelivery d) {
        synchronized (this) {
            d.done = true;
            advance();
            // Wake the consumer once half the limit is free rather than for every acknowledgement.
            if (!blocked || pendingMessages >= Math.max(1, limit / 2)) return false;
        }
        blocked = false;
        return true;
    }

    /**
     * Marks record {@code index} of an unbatched run done; true as for {@link #settle}. The common case takes no lock:
     * the mark is folded into the watermark when the consumer's owner next asks for it ({@link #pendingMessages},
     * {@link #committable}), which it does every round of polling. Only a blocked partition is advanced at once, to
     * decide whether to wake the consumer.
     */
    boolean settleRecord(RecordDelivery run, int index) {
        RECORD_DONE.setRelease(run.recordDone, index, true);
        if (!blocked) return false;
        synchronized (this) {
            advance();
            if (!blocked || pendingMessages >= Math.max(1, limit / 2)) return false;
        }
        blocked = false;
        return true;
    }

    /**
     * Moves the committable offset past the leading done messages: whole deliveries, and in a run the records
     * done from where it was up to. The watermark of an in-order partition moves one record per settle.
     */
    private void advance() {
        while (!pending.isEmpty()) {
            RecordDelivery head = pending.peekFirst();
            if (head.perRecord) {
                int from = head.donePrefix;
                int to = from;
                while (to < head.size && (boolean) RECORD_DONE.getAcquire(head.recordDone, to)) to++;
                if (to > from) {
                    head.donePrefix = to;
                    pendingMessages -= to - from;
                    committable = head.records.get(to - 1).offset() + 1;
                }
                if (to < head.size) return;
            } else {
                if (!head.done) return;
                pendingMessages -= head.size;
                committable = head.lastOffset + 1;
            }
            pending.pollFirst();
        }
    }
}
