package io.sluice.connectors.kafka;

import io.sluice.testkit.kafka.KafkaBroker;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Resources;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Helpers shared by the Kafka tests: the shared broker, plain clients, streams and components from YAML. */
abstract class KafkaTestSupport {

    /**
     * The run's shared broker. When it cannot start the test fails naming Kafka, or is skipped when the
     * build runs with {@code -Dsluice.it.required=false} (unit tests only).
     */
    static KafkaBroker broker() {
        try {
            return KafkaBroker.shared();
        } catch (IllegalStateException e) {
            if (!Boolean.parseBoolean(System.getProperty("sluice.it.required", "true"))) {
                Assumptions.abort("Kafka test broker unavailable and sluice.it.required=false: " + e.getMessage());
            }
            throw e;
        }
    }

    static String bootstrap() {
        return broker().bootstrap();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String topic(String prefix, int partitions) {
        String t = uniqueName(prefix);
        broker().createTopic(t, partitions);
        return t;
    }

    // ---- plain clients ----

    static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }

    /** Writes "prefix0".."prefixN-1" (keys "k0".."kN-1") to the topic, partition chosen by the client unless given. */
    static void produce(String topic, String prefix, int from, int count, Integer partition) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = from; i < from + count; i++) {
                p.send(new ProducerRecord<>(topic, partition, bytes("k" + i), bytes(prefix + i)));
            }
            p.flush();
        }
    }

    static void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (ProducerRecord<byte[], byte[]> r : records) p.send(r);
            p.flush();
        }
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Reads the topic from the beginning until {@code expected} records arrived or the timeout passed. */
    static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            // a short extra poll catches unexpected extras
            c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = broker().admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
    }

    // ---- streams and components ----

    /** Without a pipeline section the stream gets one pipeline thread: only then is order promised, and tests assert it. */
    static Stream stream(String yaml) throws Exception {
        ConfigNode root = ConfigLoader.parseRaw(yaml.contains("pipeline:") ? yaml : yaml + "\npipeline:\n  threads: 1\n", "test.yaml");
        return new StreamBuilder(ComponentRegistry.global()).build(uniqueName("stream"), root).start();
    }

    static void stop(Stream s) {
        if (s != null) s.stop(Duration.ofSeconds(10));
    }

    /** Builds one component from the YAML of its config (without the type key), as the registry would. */
    static Object component(ComponentKind kind, String type, String yaml) throws Exception {
        ComponentRegistry registry = ComponentRegistry.global();
        var reg = registry.find(kind, type).orElseThrow();
        ConfigNode node = ConfigLoader.parseRaw(yaml, "component.yaml");
        TestContext ctx = new TestContext(registry, kind + "." + type);
        return reg.factory().create(new Conf(node, reg.spec().config(), type, node.pos(), ctx), ctx);
    }

    static Input input(String type, String yaml) throws Exception {
        return (Input) component(ComponentKind.INPUT, type, yaml);
    }

    static Output output(String type, String yaml) throws Exception {
        return (Output) component(ComponentKind.OUTPUT, type, yaml);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
            Thread.sleep(50);
        }
    }

    static <T> T await(String what, Duration timeout, Supplier<T> value, Predicate<T> ok) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T v = value.get();
        while (!ok.test(v)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what + "; last: " + v);
            Thread.sleep(50);
            v = value.get();
        }
        return v;
    }

    record TestContext(ComponentRegistry registry, String path) implements ComponentContext {
        @Override public String streamName() { return "test"; }
        @Override public String label() { return ""; }
        @Override public ComponentLog log() { return new ComponentLog("sluice.test." + path, "test", "", path); }
        @Override public Resources resources() { return null; }
        @Override public ExpressionLanguage expressions() { return ExpressionLanguage.get(); }
        @Override public StreamMetrics metrics() { return new StreamMetrics(); }
        @Override public Object build(ComponentKind kind, Conf conf) { throw new UnsupportedOperationException(); }
        @Override public Map<Class<?>, Object> services() { return Map.of(); }
    }
}
