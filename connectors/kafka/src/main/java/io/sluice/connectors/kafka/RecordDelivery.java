package io.sluice.connectors.kafka;

import io.sluice.core.message.Batch;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Records of one partition handed out as one transaction; or, unbatched, a run of records handed out one
 * transaction each ({@link #perRecord}); or one record of such a run being redelivered ({@link #run}).
 */
final class RecordDelivery implements Delayed {
    final KafkaPollSession session;
    final PartitionState ps;
    final List<ConsumerRecord<byte[], byte[]>> records;
    final int size;
    final long lastOffset;
    private Batch prebuilt;
    boolean done;        // guarded by ps
    int attempts;
    volatile long dueNanos;
    // a run: which records are done (each set by whoever settles it, see PartitionState), how many from its start
    // are (guarded by ps), and the next one to hand out
    final boolean perRecord;
    final boolean[] recordDone;
    int donePrefix;
    int cursor;          // reader thread only
    // a redelivered record of a run
    final RecordDelivery run;
    final int runIndex;

    /** A batch: {@code prebuilt} holds the records' parts. */
    RecordDelivery(KafkaPollSession session, PartitionState ps, List<ConsumerRecord<byte[], byte[]>> records, Batch prebuilt) {
        this(session, ps, records, prebuilt, false, null, -1);
    }

    /** An unbatched run. */
    RecordDelivery(KafkaPollSession session, PartitionState ps, List<ConsumerRecord<byte[], byte[]>> records) {
        this(session, ps, records, null, true, null, -1);
    }

    /** Record {@code index} of {@code run}, rejected and delivered again. */
    RecordDelivery(RecordDelivery run, int index) {
        this(run.session, run.ps, List.of(run.records.get(index)), null, false, run, index);
    }

    private RecordDelivery(KafkaPollSession session, PartitionState ps, List<ConsumerRecord<byte[], byte[]>> records, Batch prebuilt,
                     boolean perRecord, RecordDelivery run, int runIndex) {
        this.session = session;
        this.ps = ps;
        this.records = records;
        this.size = records.size();
        this.lastOffset = records.get(size - 1).offset();
        this.prebuilt = prebuilt;
        this.perRecord = perRecord;
        this.recordDone = perRecord ? new boolean[size] : null;
        this.run = run;
        this.runIndex = runIndex;
    }

    long firstOffset() {
        return records.get(0).offset();
    }

    boolean isCurrent(KafkaPollSession current) {
        return session == current && !ps.revoked && !session.stopping;
    }

    /** The parts of this delivery: built once, and fresh copies for each redelivery. */
    Batch toBatch(RecordParts parts) {
        Batch b = prebuilt;
        if (b != null) {
            prebuilt = null;
            return b;
        }
        b = new Batch();
        for (ConsumerRecord<byte[], byte[]> r : records) b.add(parts.toPart(r, ps.endOffset));
        return b;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
        return Long.compare(dueNanos, ((RecordDelivery) o).dueNanos);
    }
}
