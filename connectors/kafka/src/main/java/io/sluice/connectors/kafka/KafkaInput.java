package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.Backoff;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.Conf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code kafka} and {@code kafka_franz} inputs, on Apache Kafka's Java consumer.
 *
 * <p>{@link #read()} hands out the deliveries of the current {@link KafkaPollSession}, and when none is ready polls
 * the consumer itself (see there), so that records are fetched, parsed and processed on the engine's reader thread.
 * Acknowledgements arrive on any thread and only mark a delivery done in its partition's {@link PartitionState}:
 * the committable offset of a partition advances past a delivery only when it and every earlier delivery of the
 * partition are done, and the session commits that offset every {@code commit_period}, on rebalance and on close.
 * A rejected delivery is handed out again after a backoff (with {@code auto_replay_nacks}), its offset staying
 * uncommitted meanwhile.
 */
final class KafkaInput implements Input {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long read() polls for records when there are none; shorter while a redelivery waits. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration REPLAY_POLL = Duration.ofMillis(10);

    private final KafkaInputSettings settings;
    private final Dialect dialect;
    private final RecordParts parts;
    private final ComponentLog log;

    private final DelayQueue<RecordDelivery> replays = new DelayQueue<>();
    // Replays waiting (due or not): read() looks into the queue, which takes its lock, only when there are some.
    private final AtomicInteger replaysQueued = new AtomicInteger();
    // The unbatched run read() is handing out record by record (reader thread only).
    private RecordDelivery currentRun;
    private final LogLimiter nackLog = new LogLimiter(Duration.ofSeconds(5));
    private final Backoff reconnectBackoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private volatile KafkaPollSession session;
    private volatile String lastFailure;
    private volatile boolean closed;

    private KafkaInput(KafkaInputSettings settings, ComponentLog log) {
        this.settings = settings;
        this.dialect = settings.dialect();
        this.parts = new RecordParts(settings.dialect(), settings.multiHeader());
        this.log = log;
    }

    static KafkaInput create(Conf conf, ComponentContext ctx, Dialect dialect) throws Exception {
        return new KafkaInput(KafkaInputSettings.from(conf, ctx, dialect), ctx.log());
    }

    @Override
    public void connect() throws Exception {
        if (closed) return;
        KafkaPollSession current = session;
        if (current != null && current.failure == null && !current.stopping) return;
        if (current != null) {
            session = null;
            current.stop(Duration.ZERO);
        }
        if (lastFailure != null) {
            Duration wait = reconnectBackoff.next();
            log.warn("{} input reconnecting in {} after: {}", dialect.component, wait, lastFailure);
            Thread.sleep(wait);
        }
        ClientConfig client = settings.client();
        log.info("{} input connecting to {} for {}", dialect.component, client.describeBrokers(), settings.describeTopics());
        KafkaPollSession s = new KafkaPollSession(settings, parts, log);
        s.open();
        synchronized (this) {
            if (closed) {
                s.stop(Duration.ZERO);
                return;
            }
            session = s;
        }
        s.start();
        log.info("{} input connected to {}: consuming {}{}", dialect.component, client.describeBrokers(), settings.describeTopics(),
                settings.group() == null ? " without a consumer group" : " as group '" + settings.group() + "'");
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) throw new EndOfInputException();
            KafkaPollSession s = session;
            if (s == null) throw new NotConnectedException(dialect.component + " input is not connected");
            if (s.failure != null) {
                String why = KafkaErrors.connection(s.failure, settings.client(), CONNECT_TIMEOUT);
                lastFailure = why;
                session = null;
                s.stop(Duration.ZERO);
                throw new NotConnectedException(why, s.failure);
            }
            if (s.stopping) throw new NotConnectedException(dialect.component + " input's connection is closing");
            RecordDelivery d = null;
            if (replaysQueued.get() > 0) {
                d = replays.poll();
                if (d != null) replaysQueued.decrementAndGet();
            }
            if (d == null) {
                RecordDelivery run = currentRun;
                if (run != null && run.cursor < run.size && run.isCurrent(s)) return handOutRecord(s, run);
                currentRun = null;
                d = s.ready.poll();
                if (d == null) {
                    // Nothing handed over: fetch on this thread.
                    s.pollForReader(replaysQueued.get() > 0 ? REPLAY_POLL : IDLE_POLL);
                    continue;
                }
            }
            if (!d.isCurrent(s)) continue;
            if (lastFailure != null) {
                lastFailure = null;
                reconnectBackoff.reset();
            }
            if (d.perRecord) {
                currentRun = d;
                return handOutRecord(s, d);
            }
            Batch batch = d.toBatch(parts);
            if (settings.batching() != null) {
                List<Batch> finished = settings.batching().finish(batch);
                if (finished.size() == 1) {
                    batch = finished.get(0);
                } else {
                    Batch all = new Batch();
                    for (Batch b : finished) for (Part p : b) all.add(p);
                    batch = all;
                }
            }
            s.handedOut.incrementAndGet();
            RecordDelivery delivery = d;
            return new Transaction(batch, err -> settle(s, delivery, err));
        }
    }

    /**
     * The next record of an unbatched run as its own transaction: each message is still acknowledged on its own,
     * but the run is tracked as one entry of its partition.
     */
    private Transaction handOutRecord(KafkaPollSession s, RecordDelivery run) {
        int index = run.cursor++;
        Batch batch = Batch.withCapacity(1).add(parts.toPart(run.records.get(index), run.ps.endOffset));
        s.handedOut.incrementAndGet();
        return new Transaction(batch, err -> settleRecord(s, run, index, err));
    }

    private void settleRecord(KafkaPollSession s, RecordDelivery run, int index, Throwable err) {
        if (err == null || !settings.autoReplayNacks()) {
            s.handedOut.decrementAndGet();
            if (err != null) {
                log.warn("{} input dropping a rejected message of {} at offset {} (auto_replay_nacks is false): {}",
                        dialect.component, run.ps.tp, run.records.get(index).offset(), err.getMessage());
            }
            if (run.ps.settleRecord(run, index)) s.wakeup();
            return;
        }
        // Redelivered on its own, as a one-record delivery that settles this record of the run.
        settle(s, new RecordDelivery(run, index), err);
    }

    private void settle(KafkaPollSession s, RecordDelivery d, Throwable err) {
        s.handedOut.decrementAndGet();
        if (err == null || !settings.autoReplayNacks()) {
            if (err != null) {
                log.warn("{} input dropping {} rejected message(s) of {} at offset {} (auto_replay_nacks is false): {}",
                        dialect.component, d.size, d.ps.tp, d.firstOffset(), err.getMessage());
            }
            boolean wake = d.run != null ? d.ps.settleRecord(d.run, d.runIndex) : d.ps.settle(d);
            if (wake) s.wakeup();
            return;
        }
        if (closed || s.stopping || !d.isCurrent(s)) return; // stays uncommitted: delivered again after a restart or rebalance
        d.attempts++;
        long delay = Math.min(5000, 100L << Math.min(d.attempts - 1, 6));
        d.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        long suppressed = nackLog.tryLog();
        if (suppressed >= 0) {
            log.warn("{} input redelivering {} rejected message(s) of {} from offset {} in {} ms (attempt {}{}): {}",
                    dialect.component, d.size, d.ps.tp, d.firstOffset(), delay, d.attempts + 1,
                    suppressed > 0 ? "; " + suppressed + " other redeliveries not logged" : "", err.getMessage());
        }
        replaysQueued.incrementAndGet();
        replays.add(d);
    }

    @Override
    public void close() {
        KafkaPollSession s;
        synchronized (this) {
            closed = true;
            s = session;
        }
        if (s != null) s.stop(DRAIN_TIMEOUT);
    }
}
