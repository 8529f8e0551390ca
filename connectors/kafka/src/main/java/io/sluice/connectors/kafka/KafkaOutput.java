package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.MetadataFilter;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.Conf;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The {@code kafka} and {@code kafka_franz} outputs, on Apache Kafka's Java producer (thread safe,
 * shared by the concurrent writes). A write sends every message of the batch and returns only when
 * the brokers acknowledged all of them, so the input is acknowledged after the data is stored.
 */
final class KafkaOutput implements Output {
    enum Partitioner { DEFAULT, FNV1A, RANDOM, ROUND_ROBIN, MANUAL }

    private final Dialect dialect;
    private final ClientConfig client;
    private final Properties producerProps;
    private final Interpolation topic;
    private final Interpolation key;          // null: no key
    private final Interpolation partition;    // null unless MANUAL
    private final Interpolation timestamp;    // null: now
    private final long timestampFactor;       // 1000 for seconds, 1 for milliseconds
    private final Partitioner partitioner;
    private final Predicate<String> headerFilter;
    private final Map<String, String> staticHeaders;
    private final int maxInFlight;
    private final Duration timeout;
    private final int maxRetries;             // KAFKA dialect; 0: unlimited within maxElapsed
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Duration backoffMaxElapsed; // zero: unlimited
    private final boolean retryAsBatch;
    private final boolean retryInWrite;
    private final boolean createTopics;
    private final int createPartitions;
    private final int createReplication;
    private final ComponentLog log;

    private final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile Admin admin;

    private KafkaOutput(Builder b) {
        this.dialect = b.dialect;
        this.client = b.client;
        this.producerProps = b.props;
        this.topic = b.topic;
        this.key = b.key;
        this.partition = b.partition;
        this.timestamp = b.timestamp;
        this.timestampFactor = b.timestampFactor;
        this.partitioner = b.partitioner;
        this.headerFilter = b.headerFilter;
        this.staticHeaders = b.staticHeaders;
        this.maxInFlight = Math.max(1, b.maxInFlight);
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.backoffMaxElapsed = b.backoffMaxElapsed;
        this.retryAsBatch = b.retryAsBatch;
        this.retryInWrite = b.dialect == Dialect.KAFKA;
        this.createTopics = b.createTopics;
        this.createPartitions = b.createPartitions;
        this.createReplication = b.createReplication;
        this.log = b.log;
    }

    private static final class Builder {
        Dialect dialect;
        ClientConfig client;
        Properties props;
        Interpolation topic, key, partition, timestamp;
        long timestampFactor = 1;
        Partitioner partitioner = Partitioner.DEFAULT;
        Predicate<String> headerFilter = k -> false;
        Map<String, String> staticHeaders = Map.of();
        int maxInFlight;
        Duration timeout;
        int maxRetries;
        Duration backoffInitial = Duration.ofSeconds(3), backoffMax = Duration.ofSeconds(10), backoffMaxElapsed = Duration.ofSeconds(30);
        boolean retryAsBatch;
        boolean createTopics;
        int createPartitions = -1, createReplication = -1;
        ComponentLog log;
    }

    static KafkaOutput create(Conf conf, ComponentContext ctx, Dialect dialect) throws Exception {
        Builder b = new Builder();
        b.dialect = dialect;
        b.log = ctx.log();
        b.client = ClientConfig.from(conf, dialect, ctx.log());
        b.topic = conf.interpolation("topic");
        b.timeout = conf.duration("timeout");
        b.maxInFlight = ConnectorFields.maxInFlight(conf);

        String keySrc = conf.isSet("key") ? conf.string("key") : "";
        if (keySrc != null && !keySrc.isEmpty()) b.key = conf.interpolation("key");
        String partSrc = conf.isSet("partition") ? conf.string("partition") : "";
        boolean hasPartition = partSrc != null && !partSrc.isEmpty();

        String partitionerName = conf.isSet("partitioner") ? conf.string("partitioner") : (dialect == Dialect.KAFKA ? "fnv1a_hash" : "");
        if (dialect == Dialect.FRANZ && partitionerName.isEmpty() && hasPartition) partitionerName = "manual";
        b.partitioner = switch (partitionerName) {
            case "fnv1a_hash" -> Partitioner.FNV1A;
            case "random" -> Partitioner.RANDOM;
            case "round_robin" -> Partitioner.ROUND_ROBIN;
            case "manual" -> Partitioner.MANUAL;
            default -> Partitioner.DEFAULT; // murmur2_hash, least_backup: the Java client's own partitioner
        };
        if (b.partitioner == Partitioner.MANUAL) {
            if (!hasPartition) {
                Conf pc = conf.child("partitioner");
                throw pc.invalid("the manual partitioner needs the field partition");
            }
            b.partition = conf.interpolation("partition");
        } else if (hasPartition && dialect == Dialect.FRANZ) {
            Conf pc = conf.child("partition");
            throw pc.invalid("partition is only used with partitioner: manual");
        } else if (hasPartition) {
            ctx.log().warn("kafka output: partition is ignored unless partitioner is manual");
        }

        Properties p = b.client.copy();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long timeoutMs = Math.max(1, b.timeout.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");

        if (dialect == Dialect.KAFKA) {
            boolean all = conf.bool("ack_replicas");
            p.put(ProducerConfig.ACKS_CONFIG, all ? "all" : "1");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, conf.string("compression"));
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Math.max(1, conf.integer("max_msg_bytes"))));
            List<String> exclude = conf.child("metadata").stringList("exclude_prefixes");
            b.headerFilter = k -> exclude.stream().noneMatch(k::startsWith);
            if (conf.isSet("static_headers")) b.staticHeaders = Map.copyOf(conf.stringMap("static_headers"));
            b.maxRetries = conf.integer("max_retries");
            Conf bo = conf.child("backoff");
            b.backoffInitial = bo.duration("initial_interval");
            b.backoffMax = bo.duration("max_interval");
            b.backoffMaxElapsed = bo.duration("max_elapsed_time");
            b.retryAsBatch = conf.bool("retry_as_batch");
            if (conf.isSet("custom_topic_creation")) {
                Conf ct = conf.child("custom_topic_creation");
                b.createTopics = ct.bool("enabled");
                b.createPartitions = ct.integer("partitions");
                b.createReplication = ct.integer("replication_factor");
                if (b.createTopics && (b.createPartitions == 0 || b.createPartitions < -1)) {
                    throw ct.invalid("partitions", "must be -1 or at least 1");
                }
            }
        } else {
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, String.valueOf(conf.bool("idempotent_write")));
            if (conf.isSet("compression")) p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, conf.string("compression"));
            try {
                p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Sizes.parseInt(conf.string("max_message_bytes"))));
            } catch (IllegalArgumentException e) {
                Conf mc = conf.child("max_message_bytes");
                throw mc.invalid(e.getMessage());
            }
            if (conf.isSet("metadata")) b.headerFilter = MetadataFilter.from(conf.child("metadata"))::matches;
            if (conf.isSet("timestamp_ms")) {
                b.timestamp = conf.interpolation("timestamp_ms");
            } else if (conf.isSet("timestamp")) {
                b.timestamp = conf.interpolation("timestamp");
                b.timestampFactor = 1000;
            }
        }
        b.props = p;
        return new KafkaOutput(b);
    }

    // ---- Output ----

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (producer != null) return;
        log.info("{} output connecting to {}", dialect.component, client.describeBrokers());
        Properties ap = client.copy();
        long t = Math.max(timeout.toMillis(), 1000);
        ap.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(t));
        ap.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(t));
        Admin a;
        try {
            a = Admin.create(ap);
        } catch (Exception e) {
            throw new IllegalArgumentException(dialect.component + " output: invalid client settings (check field "
                    + dialect.brokersField + "): " + KafkaErrors.chain(e), e);
        }
        try {
            a.describeCluster().nodes().get(t + 1000, TimeUnit.MILLISECONDS);
            if (createTopics && topic.isStatic()) ensureTopic(a, topic.render(new Batch(), 0));
        } catch (Exception e) {
            a.close(Duration.ZERO);
            if (e instanceof InterruptedException ie) throw ie;
            throw new IllegalStateException(dialect.component + " output: "
                    + KafkaErrors.connection(e, client, Duration.ofMillis(t)), KafkaErrors.unwrap(e));
        }
        if (createTopics) {
            admin = a;
        } else {
            a.close(Duration.ZERO);
        }
        try {
            producer = new KafkaProducer<>(producerProps);
        } catch (Exception e) {
            throw new IllegalArgumentException(dialect.component + " output: invalid producer settings: " + KafkaErrors.chain(e), e);
        }
        log.info("{} output connected to {}", dialect.component, client.describeBrokers());
    }

    private void ensureTopic(Admin a, String name) throws Exception {
        if (knownTopics.contains(name)) return;
        NewTopic nt = new NewTopic(name, createPartitions < 1 ? Optional.empty() : Optional.of(createPartitions),
                createReplication < 1 ? Optional.empty() : Optional.of((short) createReplication));
        try {
            a.createTopics(List.of(nt)).all().get(Math.max(timeout.toMillis(), 5000), TimeUnit.MILLISECONDS);
            log.info("{} output created topic '{}'", dialect.component, name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
        knownTopics.add(name);
    }

    @Override
    public void write(Batch batch) throws Exception {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            try {
                connect();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new NotConnectedException(e.getMessage(), e);
            }
            p = producer;
        }
        List<ProducerRecord<byte[], byte[]>> records = records(p, batch);
        List<Integer> todo = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) todo.add(i);
        long start = System.nanoTime();
        int attempt = 0;
        Duration wait = backoffInitial;
        while (true) {
            List<Future<RecordMetadata>> futures = new ArrayList<>(todo.size());
            for (int i : todo) futures.add(p.send(records.get(i)));
            List<Integer> failed = new ArrayList<>();
            Throwable first = null;
            for (int j = 0; j < futures.size(); j++) {
                try {
                    futures.get(j).get();
                } catch (ExecutionException e) {
                    failed.add(todo.get(j));
                    if (first == null) first = e.getCause();
                }
            }
            if (failed.isEmpty()) return;
            attempt++;
            boolean retriable = first instanceof RetriableException;
            boolean exhausted = (maxRetries > 0 && attempt > maxRetries)
                    || (!backoffMaxElapsed.isZero() && System.nanoTime() - start + wait.toNanos() > backoffMaxElapsed.toNanos());
            if (!retryInWrite || !retriable || exhausted) {
                throw new KafkaWriteException(describeFailure(records.get(failed.get(0)).topic(), failed.size(), records.size(), first), first);
            }
            log.warn("{} output: {}; retrying in {}", dialect.component,
                    describeFailure(records.get(failed.get(0)).topic(), failed.size(), records.size(), first), wait);
            Thread.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(backoffMax) > 0 ? backoffMax : wait.multipliedBy(2);
            todo = retryAsBatch ? allIndices(records.size()) : failed;
        }
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(i);
        return l;
    }

    private String describeFailure(String topicName, int failed, int total, Throwable cause) {
        String msg = "failed to write " + failed + " of " + total + " message(s) to topic '" + topicName + "': " + KafkaErrors.chain(cause);
        if (cause instanceof TimeoutException && String.valueOf(cause.getMessage()).contains("not present in metadata")) {
            msg += " (does the topic exist, and may the broker create it? check field topic)";
        }
        return msg;
    }

    private List<ProducerRecord<byte[], byte[]>> records(KafkaProducer<byte[], byte[]> p, Batch batch) throws Exception {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batch.size());
        Map<String, Integer> partitionCounts = partitioner == Partitioner.DEFAULT || partitioner == Partitioner.MANUAL ? null : new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Part part = batch.get(i);
            String t = topic.render(batch, i);
            if (t == null || t.isEmpty()) throw new IllegalArgumentException("field topic rendered an empty topic name");
            if (admin != null) ensureTopic(admin, t);
            byte[] k = null;
            if (key != null) {
                k = key.renderBytes(batch, i);
                if (k.length == 0) k = null;
            }
            Integer partitionNo = switch (partitioner) {
                case DEFAULT -> null;
                case MANUAL -> {
                    String s = partition.render(batch, i);
                    try {
                        yield Integer.parseInt(s.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("field partition rendered '" + s + "', which is not an integer");
                    }
                }
                case FNV1A -> k == null ? null : fnv1aPartition(k, partitionCount(p, t, partitionCounts));
                case RANDOM -> ThreadLocalRandom.current().nextInt(partitionCount(p, t, partitionCounts));
                case ROUND_ROBIN -> Math.floorMod(roundRobin.computeIfAbsent(t, x -> new AtomicInteger()).getAndIncrement(),
                        partitionCount(p, t, partitionCounts));
            };
            Long ts = null;
            if (timestamp != null) {
                String s = timestamp.render(batch, i);
                if (s != null && !s.isBlank()) {
                    try {
                        ts = Long.parseLong(s.trim()) * timestampFactor;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("field timestamp rendered '" + s + "', which is not an integer");
                    }
                }
            }
            out.add(new ProducerRecord<>(t, partitionNo, ts, k, part.bytes(), headers(part)));
        }
        return out;
    }

    private int partitionCount(KafkaProducer<byte[], byte[]> p, String t, Map<String, Integer> cache) {
        return cache.computeIfAbsent(t, x -> {
            int n = p.partitionsFor(x).size();
            if (n == 0) throw new IllegalStateException("topic '" + x + "' has no partitions");
            return n;
        });
    }

    /** FNV-1a (32 bit) of the key, as the original dialect's default partitioner computes it. */
    static int fnv1aPartition(byte[] key, int partitions) {
        int h = 0x811c9dc5;
        for (byte b : key) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        int p = h % partitions;
        return p < 0 ? -p : p;
    }

    private RecordHeaders headers(Part part) {
        RecordHeaders h = new RecordHeaders();
        for (Map.Entry<String, Object> e : part.metadata().entrySet()) {
            if (!headerFilter.test(e.getKey())) continue;
            Object v = e.getValue();
            if (v instanceof List<?> list) {
                for (Object o : list) h.add(new RecordHeader(e.getKey(), bytes(o)));
            } else {
                h.add(new RecordHeader(e.getKey(), bytes(v)));
            }
        }
        staticHeaders.forEach((k, v) -> h.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return h;
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) return b;
        if (v == null) return new byte[0];
        return Structured.toText(v).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        KafkaProducer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(Duration.ofSeconds(5));
            } catch (Exception e) {
                log.debug("closing the producer failed: {}", e.getMessage());
            }
        }
        Admin a = admin;
        admin = null;
        if (a != null) a.close(Duration.ofSeconds(2));
    }

    /** A write the brokers did not accept. */
    static final class KafkaWriteException extends Exception {
        KafkaWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
