package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection of a Kafka input: its consumer, the partitions it was given and their deliveries.
 *
 * <p>The consumer is not thread safe: only the holder of {@link #owner} uses it. The engine's reader polls it
 * itself from {@code read()} whenever it has handed out everything, so fetched records are parsed and processed
 * on one thread, with no hand-off between threads per message or per fetch. While the reader is away (its
 * pipeline or output is busy), a keeper thread polls instead, so that commits, rebalances and resumed
 * partitions still move. Polling hands records over as deliveries in {@link #ready}, pauses partitions that
 * reached {@code checkpoint_limit}, and commits acknowledged offsets every {@code commit_period}, on rebalance and
 * on close. Acknowledgements arrive on any thread and only mark deliveries done in their {@link PartitionState}.
 */
final class KafkaPollSession implements ConsumerRebalanceListener {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The keeper polls when nobody did for this long, for at most this long. */
    private static final long KEEPER_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration KEEPER_POLL = Duration.ofMillis(20);

    private final KafkaInputSettings settings;
    private final RecordParts parts;
    private final ComponentLog log;
    final KafkaConsumer<byte[], byte[]> consumer;
    final ConcurrentLinkedQueue<RecordDelivery> ready = new ConcurrentLinkedQueue<>();
    final Map<TopicPartition, PartitionState> states = new ConcurrentHashMap<>();
    final AtomicInteger handedOut = new AtomicInteger();
    volatile boolean stopping;
    volatile Throwable failure;

    /** Held by whoever uses the consumer: the reader, the keeper, or {@link #stop}. */
    private final ReentrantLock owner = new ReentrantLock();
    private volatile long lastPollNanos = System.nanoTime();
    private Thread keeper;
    // owner only
    private boolean consumerClosed;
    private long lastCommitNanos = System.nanoTime();
    private boolean commitInFlight;
    private boolean commitsFailing;

    KafkaPollSession(KafkaInputSettings settings, RecordParts parts, ComponentLog log) {
        this.settings = settings;
        this.parts = parts;
        this.log = log;
        Dialect dialect = settings.dialect();
        try {
            consumer = new KafkaConsumer<>(settings.consumerProps());
        } catch (Exception e) {
            throw new IllegalArgumentException(dialect.component + " input: invalid client settings (check field "
                    + dialect.brokersField + "): " + KafkaErrors.chain(e), e);
        }
    }

    private String component() {
        return settings.dialect().component;
    }

    /** Checks the brokers and topics, then subscribes or assigns. Closes the consumer on failure. */
    void open() throws Exception {
        owner.lock();
        try {
            Map<String, List<PartitionInfo>> all;
            try {
                all = consumer.listTopics(CONNECT_TIMEOUT);
            } catch (Exception e) {
                throw new IllegalStateException(component() + " input: " + KafkaErrors.connection(e, settings.client(), CONNECT_TIMEOUT), e);
            }
            TopicList topics = settings.topics();
            if (topics.hasExplicit()) {
                for (TopicPartition tp : topics.explicit().keySet()) {
                    List<PartitionInfo> infos = all.get(tp.topic());
                    if (infos == null) throw missingTopic(tp.topic());
                    if (tp.partition() >= infos.size()) {
                        throw new IllegalStateException(component() + " input: topic '" + tp.topic() + "' has " + infos.size()
                                + " partition(s), so partition " + tp.partition() + " does not exist (check field topics)");
                    }
                }
                assign(topics.explicit().keySet());
                topics.explicit().forEach((tp, offset) -> {
                    if (offset != null) consumer.seek(tp, offset);
                });
            } else if (settings.topicFilter() == null) {
                for (String t : topics.balanced()) if (!all.containsKey(t)) throw missingTopic(t);
                if (settings.group() != null) {
                    consumer.subscribe(topics.balanced(), this);
                } else {
                    List<TopicPartition> tps = new ArrayList<>();
                    for (String t : topics.balanced()) for (PartitionInfo pi : all.get(t)) tps.add(new TopicPartition(t, pi.partition()));
                    assign(tps);
                }
            } else if (settings.group() != null) {
                if (all.keySet().stream().noneMatch(settings.topicFilter())) {
                    log.warn("{} input: no topic matches {} yet; waiting for one to appear", component(), settings.topicPattern().pattern());
                }
                consumer.subscribe(settings.topicPattern(), this);
            } else {
                List<TopicPartition> tps = new ArrayList<>();
                all.forEach((t, infos) -> {
                    if (settings.topicFilter().test(t)) for (PartitionInfo pi : infos) tps.add(new TopicPartition(t, pi.partition()));
                });
                if (tps.isEmpty()) throw new IllegalStateException(component() + " input: no topic matches "
                        + settings.topicPattern().pattern() + " (check field topics)");
                assign(tps);
            }
        } catch (Exception e) {
            consumerClosed = true;
            closeQuietly();
            throw e;
        } finally {
            owner.unlock();
        }
    }

    private IllegalStateException missingTopic(String topic) {
        return new IllegalStateException(component() + " input: topic '" + topic + "' does not exist on "
                + settings.client().describeBrokers() + " (check field topics)");
    }

    private void assign(Collection<TopicPartition> tps) {
        consumer.assign(tps);
        for (TopicPartition tp : tps) states.put(tp, new PartitionState(tp, settings.checkpointLimit()));
    }

    /** Starts the keeper, which polls while the reader does not. */
    void start() {
        keeper = Thread.ofPlatform().daemon().name("kafka-input-" + String.join(",", settings.client().addresses())).start(this::keep);
    }

    private void keep() {
        while (!stopping) {
            LockSupport.parkNanos(KEEPER_INTERVAL_NANOS);
            if (stopping || System.nanoTime() - lastPollNanos < KEEPER_INTERVAL_NANOS || !owner.tryLock()) continue;
            try {
                pollLocked(KEEPER_POLL);
            } finally {
                owner.unlock();
            }
        }
    }

    /**
     * Polls on the reader's thread when nothing is ready: waits for records up to {@code timeout}. Returns at once
     * when the keeper holds the consumer and does not let go within that time.
     */
    void pollForReader(Duration timeout) throws InterruptedException {
        if (!owner.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) return;
        try {
            if (ready.isEmpty()) pollLocked(timeout);
        } finally {
            owner.unlock();
        }
    }

    /** One round: hand out what the backlogs allow, poll, hand out what came, commit when due. Owner only. */
    private void pollLocked(Duration timeout) {
        if (stopping || failure != null || consumerClosed) return;
        try {
            for (PartitionState ps : states.values()) emit(ps);
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(ready.isEmpty() ? pollTimeout(timeout) : Duration.ZERO);
            } catch (WakeupException e) {
                return;
            } finally {
                lastPollNanos = System.nanoTime();
            }
            if (!records.isEmpty()) take(records);
            commit();
        } catch (Throwable t) {
            if (!stopping) {
                failure = t;
                log.error("{} input lost its consumer: {}", component(), KafkaErrors.chain(t));
            }
        }
    }

    private void take(ConsumerRecords<byte[], byte[]> records) {
        int limit = settings.checkpointLimit();
        for (TopicPartition tp : records.partitions()) {
            PartitionState ps = states.get(tp);
            if (ps == null) continue;
            List<ConsumerRecord<byte[], byte[]>> fetched = records.records(tp);
            if (settings.dialect() == Dialect.KAFKA) {
                // the consumer's position is one past the last fetched record; the lag is counted from there
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isPresent()) ps.endOffset = fetched.get(fetched.size() - 1).offset() + 1 + lag.getAsLong();
            }
            if (settings.batching() == null && ps.backlog.isEmpty() && fetched.size() <= limit - ps.pendingMessages()) {
                handOver(new RecordDelivery(this, ps, fetched)); // the fetched list is the run: no copies
            } else {
                ps.backlog.addAll(fetched);
            }
        }
    }

    /** Hands out what the partition's backlog allows, and pauses or resumes fetching for it. */
    private void emit(PartitionState ps) {
        int limit = settings.checkpointLimit();
        BatchPolicy batching = settings.batching();
        if (batching == null) {
            // Unbatched: what the checkpoint limit allows goes over as one run; read() hands its records out one by one.
            int n = Math.min(limit - ps.pendingMessages(), ps.backlog.size());
            if (n > 0) {
                List<ConsumerRecord<byte[], byte[]>> run = new ArrayList<>(n);
                for (int i = 0; i < n; i++) run.add(ps.backlog.poll());
                handOver(new RecordDelivery(this, ps, run));
            }
        } else {
            while (!ps.backlog.isEmpty() && ps.pendingMessages() < limit) {
                ConsumerRecord<byte[], byte[]> r = ps.backlog.poll();
                if (ps.building.isEmpty()) ps.buildingSince = System.nanoTime();
                ps.building.add(r);
                ps.buildingBatch.add(parts.toPart(r, ps.endOffset));
                ps.buildingBytes += r.value() == null ? 0 : r.value().length;
                if (batching.isComplete(ps.buildingBatch, ps.buildingBytes)) flushBuilding(ps);
            }
            if (!ps.building.isEmpty() && !batching.period().isZero()
                    && System.nanoTime() - ps.buildingSince >= batching.period().toNanos()) {
                flushBuilding(ps);
            }
        }
        boolean blocked = !ps.backlog.isEmpty() || ps.pendingMessages() >= limit;
        ps.blocked = blocked;
        if (blocked && !ps.paused) {
            consumer.pause(List.of(ps.tp));
            ps.paused = true;
        } else if (!blocked && ps.paused) {
            consumer.resume(List.of(ps.tp));
            ps.paused = false;
        }
    }

    private void flushBuilding(PartitionState ps) {
        handOver(new RecordDelivery(this, ps, ps.building, ps.buildingBatch));
        ps.building = new ArrayList<>();
        ps.buildingBatch = new Batch();
        ps.buildingBytes = 0;
    }

    private void handOver(RecordDelivery d) {
        d.ps.track(d);
        ready.add(d);
    }

    /** The wait for records, shortened so that a batch being built is flushed when its period is up. */
    private Duration pollTimeout(Duration max) {
        long timeout = max.toMillis();
        BatchPolicy batching = settings.batching();
        if (batching != null && !batching.period().isZero()) {
            long now = System.nanoTime();
            for (PartitionState ps : states.values()) {
                if (ps.building.isEmpty()) continue;
                long left = TimeUnit.NANOSECONDS.toMillis(ps.buildingSince + batching.period().toNanos() - now);
                timeout = Math.max(1, Math.min(timeout, left));
            }
        }
        return Duration.ofMillis(timeout);
    }

    /** Wakes a poll in progress, e.g. when an acknowledgement unblocked a paused partition. */
    void wakeup() {
        if (!stopping) consumer.wakeup();
    }

    // ---- commits (owner only) ----

    private Map<TopicPartition, OffsetAndMetadata> committable(Collection<PartitionState> of) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (PartitionState ps : of) {
            long c = ps.committable();
            if (c > ps.lastCommitted) out.put(ps.tp, new OffsetAndMetadata(c));
        }
        return out;
    }

    private void commit() {
        if (settings.group() == null || commitInFlight) return;
        long now = System.nanoTime();
        if (now - lastCommitNanos < settings.commitPeriod().toNanos()) return;
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(states.values());
        if (offsets.isEmpty()) return;
        commitInFlight = true;
        consumer.commitAsync(offsets, (done, err) -> {
            commitInFlight = false;
            if (err != null) {
                if (!commitsFailing) log.warn("{} input failed to commit offsets, retrying every {}: {}", component(),
                        settings.commitPeriod(), KafkaErrors.chain(err));
                commitsFailing = true;
                return;
            }
            if (commitsFailing) log.info("{} input committing offsets again", component());
            commitsFailing = false;
            done.forEach((tp, o) -> {
                PartitionState ps = states.get(tp);
                if (ps != null) ps.lastCommitted = Math.max(ps.lastCommitted, o.offset());
            });
        });
    }

    private void commitSync(Collection<PartitionState> of) {
        if (settings.group() == null) return;
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(of);
        if (offsets.isEmpty()) return;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((tp, o) -> {
                    PartitionState ps = states.get(tp);
                    if (ps != null) ps.lastCommitted = Math.max(ps.lastCommitted, o.offset());
                });
                log.debug("{} input committed {}", component(), offsets);
                return;
            } catch (WakeupException e) {
                // an acknowledgement woke the consumer up; try again
            } catch (Exception e) {
                log.warn("{} input failed to commit offsets {}: {}", component(), offsets, KafkaErrors.chain(e));
                return;
            }
        }
    }

    // ---- stopping ----

    /**
     * Stops fetching, waits up to {@code timeout} for handed-out messages to be settled, commits, closes. Takes the
     * consumer from whoever polls it (a poll in progress is woken).
     */
    void stop(Duration timeout) {
        stopping = true;
        Thread k = keeper;
        if (k != null) LockSupport.unpark(k);
        consumer.wakeup();
        owner.lock();
        try {
            if (consumerClosed) return;
            consumerClosed = true;
            if (failure == null) drain(timeout);
            try {
                commitSync(List.copyOf(states.values()));
            } catch (Exception e) {
                log.warn("{} input failed to commit offsets on close: {}", component(), KafkaErrors.chain(e));
            }
            closeQuietly();
        } finally {
            owner.unlock();
        }
    }

    /** Stops fetching and waits for handed-out deliveries to settle, committing as they do. */
    private void drain(Duration timeout) {
        ready.clear();
        try {
            consumer.pause(consumer.assignment());
        } catch (Exception ignored) {
            // not assigned anything
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handedOut.get() > 0 && System.nanoTime() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(50));
            } catch (WakeupException e) {
                // acknowledgement
            } catch (Exception e) {
                log.debug("{} input: polling while draining failed: {}", component(), KafkaErrors.chain(e));
                break;
            }
        }
        if (handedOut.get() > 0) {
            log.warn("{} input closing with {} message(s) unacknowledged; they will be delivered again", component(), handedOut.get());
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (Exception e) {
            log.debug("closing the consumer failed: {}", e.getMessage());
        }
    }

    // ---- rebalances (called inside poll, by the consumer's owner) ----

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) return;
        List<PartitionState> revoked = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            PartitionState ps = states.get(tp);
            if (ps != null) revoked.add(ps);
        }
        commitSync(revoked);
        for (PartitionState ps : revoked) {
            ps.revoked = true;
            states.remove(ps.tp);
        }
        log.info("{} input: partitions revoked: {}", component(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState ps = states.remove(tp);
            if (ps != null) ps.revoked = true;
        }
        log.warn("{} input: partitions lost: {}", component(), partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) states.put(tp, new PartitionState(tp, settings.checkpointLimit()));
        if (!partitions.isEmpty()) log.info("{} input: partitions assigned: {}", component(), partitions);
    }
}
