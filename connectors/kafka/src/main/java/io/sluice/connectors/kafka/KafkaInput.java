package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Backoff;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.Conf;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code kafka} and {@code kafka_franz} inputs, on Apache Kafka's Java consumer.
 *
 * <p>One platform thread per connection owns the consumer (it is not thread safe): it polls, hands
 * records over as deliveries, pauses partitions that reached {@code checkpoint_limit}, and commits.
 * {@link #read()} takes deliveries off a queue on the engine's thread. Acknowledgements arrive on
 * any thread and only mark a delivery done in its partition's {@link PartitionState}: the committable
 * offset of a partition advances past a delivery only when it and every earlier delivery of the
 * partition are done, and the poll thread commits that offset every {@code commit_period}, on
 * rebalance and on close. A rejected delivery is handed out again after a backoff (with
 * {@code auto_replay_nacks}), its offset staying uncommitted meanwhile.
 */
final class KafkaInput implements Input {
    private static final byte[] EMPTY = new byte[0];
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final Dialect dialect;
    private final ClientConfig client;
    private final Properties consumerProps;
    private final TopicList topics;
    private final Predicate<String> topicFilter;   // regular-expression subscriptions, else null
    private final Pattern topicPattern;
    private final String group;                    // null: no consumer group
    private final int checkpointLimit;
    private final Duration commitPeriod;
    private final boolean autoReplayNacks;
    private final BatchPolicy batching;
    private final boolean multiHeader;
    private final ComponentLog log;

    private final DelayQueue<Delivery> replays = new DelayQueue<>();
    // Replays waiting (due or not): read() looks into the queue, which takes its lock, only when there are some.
    private final AtomicInteger replaysQueued = new AtomicInteger();
    // The unbatched run read() is handing out record by record (engine thread only).
    private Delivery currentRun;
    private final LogLimiter nackLog = new LogLimiter(Duration.ofSeconds(5));
    private final Backoff reconnectBackoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private volatile Session session;
    private volatile String lastFailure;
    private volatile boolean closed;

    private KafkaInput(Dialect dialect, ClientConfig client, Properties consumerProps, TopicList topics, Predicate<String> topicFilter,
                       Pattern topicPattern, String group, int checkpointLimit, Duration commitPeriod, boolean autoReplayNacks,
                       BatchPolicy batching, boolean multiHeader, ComponentLog log) {
        this.dialect = dialect;
        this.client = client;
        this.consumerProps = consumerProps;
        this.topics = topics;
        this.topicFilter = topicFilter;
        this.topicPattern = topicPattern;
        this.group = group;
        this.checkpointLimit = Math.max(1, checkpointLimit);
        this.commitPeriod = commitPeriod;
        this.autoReplayNacks = autoReplayNacks;
        this.batching = batching;
        this.multiHeader = multiHeader;
        this.log = log;
    }

    // ---- construction from config ----

    static KafkaInput create(Conf conf, ComponentContext ctx, Dialect dialect) throws Exception {
        ClientConfig client = ClientConfig.from(conf, dialect, ctx.log());
        Conf topicsConf = conf.child("topics");
        List<String> topicEntries = topicsConf.isPresent() ? conf.stringList("topics") : List.of();

        boolean regexp = dialect == Dialect.FRANZ && conf.bool("regexp_topics");
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        if (dialect == Dialect.FRANZ) {
            if (conf.isSet("regexp_topics_include")) includes.addAll(ClientConfig.splitList(conf.stringList("regexp_topics_include")));
            if (conf.isSet("regexp_topics_exclude")) excludes.addAll(ClientConfig.splitList(conf.stringList("regexp_topics_exclude")));
        }
        TopicList topics;
        if (regexp) {
            List<String> entries = ClientConfig.splitList(topicEntries);
            for (String t : entries) {
                if (t.contains(":")) throw new ConfigException(topicsConf.position(), topicsConf.path(),
                        "explicit partitions ('" + t + "') cannot be combined with regexp_topics");
            }
            includes.addAll(entries);
            topics = new TopicList(List.of(), Map.of());
        } else {
            try {
                topics = TopicList.parse(topicEntries, dialect == Dialect.FRANZ);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(topicsConf.position(), topicsConf.path(), e.getMessage());
            }
        }
        if (topics.balanced().isEmpty() && !topics.hasExplicit() && includes.isEmpty()) {
            throw new ConfigException(topicsConf.position(), topicsConf.path(), "at least one topic is required");
        }
        if (topics.hasExplicit() && (!topics.balanced().isEmpty() || !includes.isEmpty())) {
            throw new ConfigException(topicsConf.position(), topicsConf.path(),
                    "topics with explicit partitions cannot be mixed with topics balanced by the consumer group");
        }
        Predicate<String> filter = null;
        Pattern pattern = null;
        if (!includes.isEmpty()) {
            try {
                List<Pattern> inc = includes.stream().map(Pattern::compile).toList();
                List<Pattern> exc = excludes.stream().map(Pattern::compile).toList();
                // As in the original dialect, an expression matches anywhere in a topic name.
                filter = name -> !name.startsWith("__") && inc.stream().anyMatch(p -> p.matcher(name).find())
                        && exc.stream().noneMatch(p -> p.matcher(name).find());
                String any = String.join("|", includes.stream().map(s -> ".*(?:" + s + ").*").toList());
                String none = excludes.isEmpty() ? "" : "(?!" + String.join("|", excludes.stream().map(s -> ".*(?:" + s + ").*").toList()) + "$)";
                pattern = Pattern.compile(none + "(?:" + any + ")");
            } catch (PatternSyntaxException e) {
                throw new ConfigException(topicsConf.position(), topicsConf.path(), "invalid topic expression: " + e.getMessage());
            }
        }

        String group = conf.isSet("consumer_group") ? conf.string("consumer_group") : null;
        if (group != null && group.isBlank()) group = null;
        if (dialect == Dialect.KAFKA && group == null && !topics.balanced().isEmpty()) {
            Conf g = conf.child("consumer_group");
            throw new ConfigException(g.position(), g.path(),
                    "a consumer group is required to consume topics without explicit partitions (" + topics.balanced() + ")");
        }

        String reset = conf.bool("start_from_oldest") ? "earliest" : "latest";
        if (dialect == Dialect.FRANZ && conf.isSet("start_offset")) {
            reset = switch (conf.string("start_offset")) {
                case "latest" -> "latest";
                case "committed" -> "none";
                default -> "earliest";
            };
        }

        Properties p = client.copy();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        if (group != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        String rack = conf.string("rack_id");
        if (rack != null && !rack.isEmpty()) p.put(ConsumerConfig.CLIENT_RACK_CONFIG, rack);
        if (conf.isSet("instance_id") && !conf.string("instance_id").isBlank()) p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, conf.string("instance_id"));
        if (dialect == Dialect.KAFKA) {
            Conf g = conf.child("group");
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(g.duration("session_timeout").toMillis()));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(g.duration("heartbeat_interval").toMillis()));
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(g.duration("rebalance_timeout").toMillis()));
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.max(1, conf.integer("fetch_buffer_cap"))));
        } else {
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(conf.duration("session_timeout").toMillis()));
            Duration hb = conf.isSet("heartbeat_period") ? conf.duration("heartbeat_period") : conf.duration("heartbeat_interval");
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(hb.toMillis()));
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(conf.duration("rebalance_timeout").toMillis()));
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, conf.string("transaction_isolation_level"));
            try {
                p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(Sizes.parseInt(conf.string("fetch_max_bytes"))));
                p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(Sizes.parseInt(conf.string("fetch_min_bytes"))));
                p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Sizes.parseInt(conf.string("fetch_max_partition_bytes"))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(conf.position(), conf.path(), e.getMessage());
            }
            // A fetch held by the broker delays the consumer's close until it returns, so the wait is capped.
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(Math.min(500, conf.duration("fetch_max_wait").toMillis())));
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        }

        BatchPolicy batching = BatchPolicy.from(conf.child("batching"));
        return new KafkaInput(dialect, client, p, topics, filter, pattern, group, conf.integer("checkpoint_limit"),
                conf.duration("commit_period"), conf.bool("auto_replay_nacks"), batching.isNoop() ? null : batching,
                conf.bool("multi_header"), ctx.log());
    }

    // ---- Input ----

    @Override
    public void connect() throws Exception {
        if (closed) return;
        Session current = session;
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
        log.info("{} input connecting to {} for {}", dialect.component, client.describeBrokers(), describeTopics());
        Session s = new Session();
        s.open();
        synchronized (this) {
            if (closed) {
                s.stop(Duration.ZERO);
                return;
            }
            session = s;
        }
        s.start();
        log.info("{} input connected to {}: consuming {}{}", dialect.component, client.describeBrokers(), describeTopics(),
                group == null ? " without a consumer group" : " as group '" + group + "'");
    }

    private String describeTopics() {
        if (topicPattern != null) return "topics matching " + topicPattern.pattern();
        if (topics.hasExplicit()) return "partitions " + new TreeSet<>(topics.explicit().keySet().stream().map(TopicPartition::toString).toList());
        return "topics " + topics.balanced();
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) throw new EndOfInputException();
            Session s = session;
            if (s == null) throw new NotConnectedException(dialect.component + " input is not connected");
            if (s.failure != null) {
                String why = KafkaErrors.connection(s.failure, client, CONNECT_TIMEOUT);
                lastFailure = why;
                session = null;
                s.stop(Duration.ZERO);
                throw new NotConnectedException(why, s.failure);
            }
            Delivery d = null;
            if (replaysQueued.get() > 0) {
                d = replays.poll();
                if (d != null) replaysQueued.decrementAndGet();
            }
            if (d == null) {
                Delivery run = currentRun;
                if (run != null && run.cursor < run.size && run.isCurrent(s)) return handOutRecord(s, run);
                currentRun = null;
                d = s.ready.poll(100, TimeUnit.MILLISECONDS);
            }
            if (d == null || !d.isCurrent(s)) continue;
            if (lastFailure != null) {
                lastFailure = null;
                reconnectBackoff.reset();
            }
            if (d.perRecord) {
                currentRun = d;
                return handOutRecord(s, d);
            }
            Batch batch = d.toBatch();
            if (batching != null) {
                List<Batch> finished = batching.finish(batch);
                if (finished.size() == 1) {
                    batch = finished.get(0);
                } else {
                    Batch all = new Batch();
                    for (Batch b : finished) for (Part p : b) all.add(p);
                    batch = all;
                }
            }
            s.handedOut.incrementAndGet();
            Delivery delivery = d;
            return new Transaction(batch, err -> settle(s, delivery, err));
        }
    }

    /**
     * The next record of an unbatched run as its own transaction: each message is still acknowledged on its own,
     * but the run crossed from the poll thread in one hand-off and is tracked as one entry of its partition.
     */
    private Transaction handOutRecord(Session s, Delivery run) {
        int index = run.cursor++;
        Batch batch = Batch.withCapacity(1).add(toPart(run.records.get(index), run.ps));
        s.handedOut.incrementAndGet();
        return new Transaction(batch, err -> settleRecord(s, run, index, err));
    }

    private void settleRecord(Session s, Delivery run, int index, Throwable err) {
        if (err == null || !autoReplayNacks) {
            s.handedOut.decrementAndGet();
            if (err != null) {
                log.warn("{} input dropping a rejected message of {} at offset {} (auto_replay_nacks is false): {}",
                        dialect.component, run.ps.tp, run.records.get(index).offset(), err.getMessage());
            }
            if (run.ps.settleRecord(run, index) && !s.stopping) s.consumer.wakeup();
            return;
        }
        // Redelivered on its own, as a one-record delivery that settles this record of the run.
        settle(s, new Delivery(run, index), err);
    }

    private void settle(Session s, Delivery d, Throwable err) {
        s.handedOut.decrementAndGet();
        if (err == null || !autoReplayNacks) {
            if (err != null) {
                log.warn("{} input dropping {} rejected message(s) of {} at offset {} (auto_replay_nacks is false): {}",
                        dialect.component, d.size, d.ps.tp, d.firstOffset(), err.getMessage());
            }
            boolean wake = d.run != null ? d.ps.settleRecord(d.run, d.runIndex) : d.ps.settle(d);
            if (wake && !s.stopping) s.consumer.wakeup();
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
        Session s;
        synchronized (this) {
            closed = true;
            s = session;
        }
        if (s != null) s.stop(DRAIN_TIMEOUT);
    }

    // ---- one connection ----

    private final class Session implements ConsumerRebalanceListener {
        final KafkaConsumer<byte[], byte[]> consumer;
        final LinkedBlockingQueue<Delivery> ready = new LinkedBlockingQueue<>();
        final Map<TopicPartition, PartitionState> states = new ConcurrentHashMap<>();
        final AtomicInteger handedOut = new AtomicInteger();
        volatile boolean stopping;
        volatile Duration drainTimeout = Duration.ZERO;
        volatile Throwable failure;
        private Thread thread;
        private long lastCommitNanos = System.nanoTime();
        private boolean commitInFlight;
        private boolean commitsFailing;

        Session() throws Exception {
            try {
                consumer = new KafkaConsumer<>(consumerProps);
            } catch (Exception e) {
                throw new IllegalArgumentException(dialect.component + " input: invalid client settings (check field "
                        + dialect.brokersField + "): " + KafkaErrors.chain(e), e);
            }
        }

        /** Checks the brokers and topics, then subscribes or assigns. Closes the consumer on failure. */
        void open() throws Exception {
            try {
                Map<String, List<PartitionInfo>> all;
                try {
                    all = consumer.listTopics(CONNECT_TIMEOUT);
                } catch (Exception e) {
                    throw new IllegalStateException(dialect.component + " input: " + KafkaErrors.connection(e, client, CONNECT_TIMEOUT), e);
                }
                if (topics.hasExplicit()) {
                    for (TopicPartition tp : topics.explicit().keySet()) {
                        List<PartitionInfo> parts = all.get(tp.topic());
                        if (parts == null) throw missingTopic(tp.topic());
                        if (tp.partition() >= parts.size()) {
                            throw new IllegalStateException(dialect.component + " input: topic '" + tp.topic() + "' has " + parts.size()
                                    + " partition(s), so partition " + tp.partition() + " does not exist (check field topics)");
                        }
                    }
                    assign(topics.explicit().keySet());
                    topics.explicit().forEach((tp, offset) -> {
                        if (offset != null) consumer.seek(tp, offset);
                    });
                } else if (topicFilter == null) {
                    for (String t : topics.balanced()) if (!all.containsKey(t)) throw missingTopic(t);
                    if (group != null) {
                        consumer.subscribe(topics.balanced(), this);
                    } else {
                        List<TopicPartition> tps = new ArrayList<>();
                        for (String t : topics.balanced()) for (PartitionInfo pi : all.get(t)) tps.add(new TopicPartition(t, pi.partition()));
                        assign(tps);
                    }
                } else if (group != null) {
                    if (all.keySet().stream().noneMatch(topicFilter)) {
                        log.warn("{} input: no topic matches {} yet; waiting for one to appear", dialect.component, topicPattern.pattern());
                    }
                    consumer.subscribe(topicPattern, this);
                } else {
                    List<TopicPartition> tps = new ArrayList<>();
                    all.forEach((t, parts) -> {
                        if (topicFilter.test(t)) for (PartitionInfo pi : parts) tps.add(new TopicPartition(t, pi.partition()));
                    });
                    if (tps.isEmpty()) throw new IllegalStateException(dialect.component + " input: no topic matches "
                            + topicPattern.pattern() + " (check field topics)");
                    assign(tps);
                }
            } catch (Exception e) {
                closeQuietly();
                throw e;
            }
        }

        private IllegalStateException missingTopic(String topic) {
            return new IllegalStateException(dialect.component + " input: topic '" + topic + "' does not exist on "
                    + client.describeBrokers() + " (check field topics)");
        }

        private void assign(Collection<TopicPartition> tps) {
            consumer.assign(tps);
            for (TopicPartition tp : tps) states.put(tp, new PartitionState(tp, checkpointLimit));
        }

        void start() {
            thread = Thread.ofPlatform().daemon().name("kafka-input-" + String.join(",", client.addresses())).start(this::run);
        }

        /** Stops fetching, waits up to {@code timeout} for handed-out messages to be settled, commits, closes. */
        void stop(Duration timeout) {
            drainTimeout = timeout;
            stopping = true;
            Thread t = thread;
            if (t == null) {
                closeQuietly();
                return;
            }
            consumer.wakeup();
            if (Thread.currentThread() != t) {
                try {
                    t.join(timeout.plusSeconds(15).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void run() {
            try {
                while (!stopping) {
                    for (PartitionState ps : states.values()) emit(ps);
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = consumer.poll(Duration.ofMillis(pollTimeoutMillis()));
                    } catch (WakeupException e) {
                        continue;
                    }
                    if (!records.isEmpty()) {
                        for (TopicPartition tp : records.partitions()) {
                            PartitionState ps = states.get(tp);
                            if (ps == null) continue;
                            List<ConsumerRecord<byte[], byte[]>> fetched = records.records(tp);
                            if (dialect == Dialect.KAFKA) {
                                // the consumer's position is one past the last fetched record; the lag is counted from there
                                OptionalLong lag = consumer.currentLag(tp);
                                if (lag.isPresent()) ps.endOffset = fetched.get(fetched.size() - 1).offset() + 1 + lag.getAsLong();
                            }
                            if (batching == null && ps.backlog.isEmpty() && fetched.size() <= checkpointLimit - ps.pendingMessages()) {
                                handOver(new Delivery(this, ps, fetched)); // the fetched list is the run: no copies
                            } else {
                                ps.backlog.addAll(fetched);
                            }
                        }
                    }
                    commit(false);
                }
                drain();
            } catch (Throwable t) {
                if (!stopping) {
                    failure = t;
                    log.error("{} input lost its consumer: {}", dialect.component, KafkaErrors.chain(t));
                }
            } finally {
                commitFinal();
                closeQuietly();
            }
        }

        /** Hands out what the partition's backlog allows, and pauses or resumes fetching for it. */
        private void emit(PartitionState ps) {
            if (batching == null) {
                // Unbatched: what the checkpoint limit allows goes over as one run; read() hands its records out one by one.
                int room = checkpointLimit - ps.pendingMessages();
                int n = Math.min(room, ps.backlog.size());
                if (n > 0) {
                    List<ConsumerRecord<byte[], byte[]>> run = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) run.add(ps.backlog.poll());
                    handOver(new Delivery(this, ps, run));
                }
            }
            while (batching != null && !ps.backlog.isEmpty() && ps.pendingMessages() < checkpointLimit) {
                ConsumerRecord<byte[], byte[]> r = ps.backlog.poll();
                if (ps.building.isEmpty()) ps.buildingSince = System.nanoTime();
                ps.building.add(r);
                ps.buildingBatch.add(toPart(r, ps));
                ps.buildingBytes += r.value() == null ? 0 : r.value().length;
                if (batching.isComplete(ps.buildingBatch, ps.buildingBytes)) flushBuilding(ps);
            }
            if (batching != null && !ps.building.isEmpty() && !batching.period().isZero()
                    && System.nanoTime() - ps.buildingSince >= batching.period().toNanos()) {
                flushBuilding(ps);
            }
            boolean blocked = !ps.backlog.isEmpty() || ps.pendingMessages() >= checkpointLimit;
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
            handOver(new Delivery(this, ps, ps.building, ps.buildingBatch));
            ps.building = new ArrayList<>();
            ps.buildingBatch = new Batch();
            ps.buildingBytes = 0;
        }

        private void handOver(Delivery d) {
            d.ps.track(d);
            ready.add(d);
        }

        private long pollTimeoutMillis() {
            long timeout = 100;
            if (batching != null && !batching.period().isZero()) {
                long now = System.nanoTime();
                for (PartitionState ps : states.values()) {
                    if (ps.building.isEmpty()) continue;
                    long left = TimeUnit.NANOSECONDS.toMillis(ps.buildingSince + batching.period().toNanos() - now);
                    timeout = Math.max(1, Math.min(timeout, left));
                }
            }
            return timeout;
        }

        // ---- commits (poll thread only) ----

        private Map<TopicPartition, OffsetAndMetadata> committable(Collection<PartitionState> of) {
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            for (PartitionState ps : of) {
                long c = ps.committable();
                if (c > ps.lastCommitted) out.put(ps.tp, new OffsetAndMetadata(c));
            }
            return out;
        }

        private void commit(boolean force) {
            if (group == null || commitInFlight) return;
            long now = System.nanoTime();
            if (!force && now - lastCommitNanos < commitPeriod.toNanos()) return;
            lastCommitNanos = now;
            Map<TopicPartition, OffsetAndMetadata> offsets = committable(states.values());
            if (offsets.isEmpty()) return;
            commitInFlight = true;
            consumer.commitAsync(offsets, (done, err) -> {
                commitInFlight = false;
                if (err != null) {
                    if (!commitsFailing) log.warn("{} input failed to commit offsets, retrying every {}: {}", dialect.component,
                            commitPeriod, KafkaErrors.chain(err));
                    commitsFailing = true;
                    return;
                }
                if (commitsFailing) log.info("{} input committing offsets again", dialect.component);
                commitsFailing = false;
                done.forEach((tp, o) -> {
                    PartitionState ps = states.get(tp);
                    if (ps != null) ps.lastCommitted = Math.max(ps.lastCommitted, o.offset());
                });
            });
        }

        private void commitSync(Collection<PartitionState> of) {
            if (group == null) return;
            Map<TopicPartition, OffsetAndMetadata> offsets = committable(of);
            if (offsets.isEmpty()) return;
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(10));
                    offsets.forEach((tp, o) -> {
                        PartitionState ps = states.get(tp);
                        if (ps != null) ps.lastCommitted = Math.max(ps.lastCommitted, o.offset());
                    });
                    log.debug("{} input committed {}", dialect.component, offsets);
                    return;
                } catch (WakeupException e) {
                    // an acknowledgement woke the consumer up; try again
                } catch (Exception e) {
                    log.warn("{} input failed to commit offsets {}: {}", dialect.component, offsets, KafkaErrors.chain(e));
                    return;
                }
            }
        }

        private void commitFinal() {
            try {
                commitSync(List.copyOf(states.values()));
            } catch (Exception e) {
                log.warn("{} input failed to commit offsets on close: {}", dialect.component, KafkaErrors.chain(e));
            }
        }

        /** Stops fetching and waits for handed-out deliveries to settle, committing as they do. */
        private void drain() {
            ready.clear();
            try {
                consumer.pause(consumer.assignment());
            } catch (Exception ignored) {
                // not assigned anything
            }
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (handedOut.get() > 0 && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(50));
                } catch (WakeupException e) {
                    // acknowledgement
                }
            }
            if (handedOut.get() > 0) {
                log.warn("{} input closing with {} message(s) unacknowledged; they will be delivered again", dialect.component, handedOut.get());
            }
        }

        private void closeQuietly() {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (Exception e) {
                log.debug("closing the consumer failed: {}", e.getMessage());
            }
        }

        // ---- rebalances (called inside poll, on the poll thread) ----

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
            log.info("{} input: partitions revoked: {}", dialect.component, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionState ps = states.remove(tp);
                if (ps != null) ps.revoked = true;
            }
            log.warn("{} input: partitions lost: {}", dialect.component, partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) states.put(tp, new PartitionState(tp, checkpointLimit));
            if (!partitions.isEmpty()) log.info("{} input: partitions assigned: {}", dialect.component, partitions);
        }
    }

    // ---- messages ----

    private Part toPart(ConsumerRecord<byte[], byte[]> r, PartitionState ps) {
        byte[] value = r.value();
        // The metadata is made when first used (on the pipeline's thread, not the poll thread), from values
        // captured now: the lag depends on the partition's end offset at this moment.
        long lag = dialect == Dialect.KAFKA ? Math.max(0, ps.endOffset - r.offset() - 1) : 0;
        return Part.withLazyMetadata(value == null ? EMPTY : value, m -> {
            if (dialect == Dialect.KAFKA) headers(r, m);
            byte[] key = r.key();
            m.put("kafka_key", key == null ? "" : new String(key, StandardCharsets.UTF_8));
            m.put("kafka_topic", r.topic());
            m.put("kafka_partition", (long) r.partition());
            m.put("kafka_offset", r.offset());
            if (dialect == Dialect.KAFKA) m.put("kafka_lag", lag);
            m.put("kafka_timestamp_unix", Math.floorDiv(r.timestamp(), 1000L));
            m.put("kafka_timestamp_ms", r.timestamp());
            m.put("kafka_tombstone_message", value == null);
            if (dialect == Dialect.FRANZ) headers(r, m);
        });
    }

    private void headers(ConsumerRecord<byte[], byte[]> r, Map<String, Object> m) {
        if (!multiHeader) {
            for (Header h : r.headers()) m.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            return;
        }
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            lists.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        m.putAll(lists);
    }

    /**
     * Records of one partition handed out as one transaction; or, unbatched, a run of records handed out one
     * transaction each ({@link #perRecord}); or one record of such a run being redelivered ({@link #run}).
     */
    private final class Delivery implements Delayed {
        final Session session;
        final PartitionState ps;
        final List<ConsumerRecord<byte[], byte[]>> records;
        final int size;
        final long lastOffset;
        private Batch prebuilt;
        boolean done;        // guarded by ps
        int attempts;
        volatile long dueNanos;
        // a run: which records are done, and how many from its start are (guarded by ps); the next one to hand out
        final boolean perRecord;
        final boolean[] recordDone;
        int donePrefix;
        int cursor;          // engine thread only
        // a redelivered record of a run
        final Delivery run;
        final int runIndex;

        Delivery(Session session, PartitionState ps, List<ConsumerRecord<byte[], byte[]>> records, Batch prebuilt) {
            this.session = session;
            this.ps = ps;
            this.records = records;
            this.size = records.size();
            this.lastOffset = records.get(records.size() - 1).offset();
            this.prebuilt = prebuilt;
            this.perRecord = false;
            this.recordDone = null;
            this.run = null;
            this.runIndex = -1;
        }

        /** An unbatched run. */
        Delivery(Session session, PartitionState ps, List<ConsumerRecord<byte[], byte[]>> records) {
            this.session = session;
            this.ps = ps;
            this.records = records;
            this.size = records.size();
            this.lastOffset = records.get(records.size() - 1).offset();
            this.perRecord = true;
            this.recordDone = new boolean[size];
            this.run = null;
            this.runIndex = -1;
        }

        /** Record {@code index} of {@code run}, rejected and delivered again. */
        Delivery(Delivery run, int index) {
            this.session = run.session;
            this.ps = run.ps;
            this.records = List.of(run.records.get(index));
            this.size = 1;
            this.lastOffset = records.get(0).offset();
            this.perRecord = false;
            this.recordDone = null;
            this.run = run;
            this.runIndex = index;
        }

        long firstOffset() {
            return records.get(0).offset();
        }

        boolean isCurrent(Session current) {
            return session == current && !ps.revoked && !session.stopping;
        }

        /** The parts of this delivery: built once, and fresh copies for each redelivery. */
        Batch toBatch() {
            Batch b = prebuilt;
            if (b != null) {
                prebuilt = null;
                return b;
            }
            b = new Batch();
            for (ConsumerRecord<byte[], byte[]> r : records) b.add(toPart(r, ps));
            return b;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Delivery) o).dueNanos);
        }
    }

    /**
     * One assigned partition: the deliveries handed out in offset order and whether each is done.
     * The committable offset is one past the last delivery of the leading run of done ones.
     */
    private final class PartitionState {
        final TopicPartition tp;
        final int limit;
        volatile boolean revoked;
        volatile boolean blocked;
        volatile long endOffset = -1;
        // guarded by this
        private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
        private int pendingMessages;
        private long committable = -1;
        // poll thread only
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

        synchronized void track(Delivery d) {
            pending.addLast(d);
            pendingMessages += d.size;
        }

        synchronized int pendingMessages() {
            return pendingMessages;
        }

        synchronized long committable() {
            return committable;
        }

        /** Marks the delivery done; true when the partition was blocked and may now fetch again. */
        boolean settle(Delivery d) {
            synchronized (this) {
                d.done = true;
                advance();
                // Wake the poll thread once half the limit is free rather than for every acknowledgement.
                if (!blocked || pendingMessages >= Math.max(1, limit / 2)) return false;
            }
            blocked = false;
            return true;
        }

        /** Marks record {@code index} of an unbatched run done; true as for {@link #settle}. */
        boolean settleRecord(Delivery run, int index) {
            synchronized (this) {
                run.recordDone[index] = true;
                if (pending.peekFirst() == run) advance(); // a later run cannot move the committable offset
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
                Delivery head = pending.peekFirst();
                if (head.perRecord) {
                    int from = head.donePrefix;
                    int to = from;
                    while (to < head.size && head.recordDone[to]) to++;
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
}
