import com.sun.management.OperatingSystemMXBean;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.testkit.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka throughput of Sluice against a plain kafka-clients consumer, on one harness broker in one run.
 *
 * <pre>
 *   plain consume            KafkaConsumer poll loop, nothing else              (the reference)
 *   plain copy               KafkaConsumer -> KafkaProducer (async, acks=all)
 *   sluice kafka -> drop     kafka_franz input -> drop output
 *   sluice kafka -> mapping -> kafka   kafka_franz input -> mapping -> kafka_franz output
 *   the same two with input batching (count 100, period 5ms)
 * </pre>
 *
 * Rates count from the first message seen to the last one done, so start-up and group joins are
 * not in them. Run through {@code bench/kafka/run.sh [messages] [payload bytes]}.
 */
public class KafkaBench {
    static String bootstrap;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int partitions = 4;
        Path dir = Path.of(args.length > 2 ? args[2] : "connectors/kafka/target/kafka-bench-broker").toAbsolutePath();
        System.out.printf("starting the harness broker in %s ...%n", dir);
        try (KafkaBroker broker = KafkaBroker.start(dir, "1g", false)) {
            bootstrap = broker.bootstrap();
            String in = "bench-in";
            broker.createTopic(in, partitions);
            double produced = produce(in, n, size);
            System.out.printf(Locale.ROOT, "wrote %,d messages of %d bytes to %d partitions at %,.0f msg/s%n%n", n, size, partitions, produced);

            List<String[]> rows = new ArrayList<>();
            double plain = plainConsume(in, n);
            rows.add(new String[]{"plain KafkaConsumer: consume", rate(plain), "1.00", cpu(), load()});
            double plainCopy = Double.NaN;
            if (wanted("copy")) {
                plainCopy = plainCopy(in, "bench-copy", n);
                rows.add(new String[]{"plain KafkaConsumer -> KafkaProducer: copy", rate(plainCopy), ratio(plainCopy, plain)});
            }
            broker.createTopic("bench-out", partitions);
            // With REPEAT > 1 the plain consume runs again in every round, next to the Sluice rows, and the medians
            // over the rounds are printed last: the machine's load changes between rounds, not within one.
            List<Double> plains = new ArrayList<>(List.of(plain));
            List<Double> plainsCpu = new ArrayList<>(List.of(lastCpuMicrosPerMessage));
            Map<String, List<Double>> byRowCpu = new LinkedHashMap<>();
            Map<String, List<Double>> byRow = new LinkedHashMap<>();
            Map<String, List<Double>> byRowRatio = new LinkedHashMap<>(); // each against its round's plain
            for (int round = 1; round <= REPEAT; round++) {
                String tag = REPEAT > 1 ? " #" + round : "";
                if (round > 1) {
                    double p = plainConsume(in, n);
                    plains.add(p);
                    plainsCpu.add(lastCpuMicrosPerMessage);
                    rows.add(new String[]{"plain KafkaConsumer: consume" + tag, rate(p), ratio(p, plain), cpu(), load()});
                }
                for (Row row : SLUICE_ROWS) {
                    if (!wanted(row.key())) continue;
                    double r = sluice(n, row.config(in, "bench-" + row.key() + round));
                    byRow.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(r);
                    byRowCpu.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(lastCpuMicrosPerMessage);
                    byRowRatio.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(r / plains.get(plains.size() - 1));
                    rows.add(new String[]{row.label() + tag, rate(r), ratio(r, plains.get(plains.size() - 1)), cpu(), load()});
                    if (row.toKafka()) rows.add(new String[]{"  (vs plain copy)", "", ratio(r, plainCopy)});
                }
            }
            if (REPEAT > 1) {
                double plainMedian = median(plains);
                rows.add(new String[]{"median of " + REPEAT + ": plain KafkaConsumer: consume", rate(plainMedian), "1.00",
                        String.format(Locale.ROOT, "%.3f", median(plainsCpu))});
                byRow.forEach((label, rates) -> rows.add(new String[]{"median of " + REPEAT + ": " + label, rate(median(rates)),
                        ratio(median(rates), plainMedian), String.format(Locale.ROOT, "%.3f", median(byRowCpu.get(label)))}));
                byRowRatio.forEach((label, ratios) -> rows.add(new String[]{"median of the rounds' ratios: " + label, "",
                        String.format(Locale.ROOT, "%.2f", median(ratios))}));
            }

            System.out.printf("%n%-48s %14s %10s %12s  %s%n", "pipeline (" + String.format(Locale.ROOT, "%,d", n) + " msgs, " + size + " B)", "msg/s", "vs plain",
                    "CPU µs/msg", "load avg (1m)");
            for (String[] r : rows) System.out.printf("%-48s %14s %10s %12s  %s%n", r[0], r[1], r[2], r.length > 3 ? r[3] : "", r.length > 4 ? r[4] : "");
            if (REPEAT > 1) {
                // One line per Sluice row: each round against the plain consumer of the same round, then the median.
                System.out.printf("%nsummary (each round vs the plain consumer of the same round; CPU µs/msg of this JVM)%n");
                System.out.printf("  %-44s CPU %s%n", "plain KafkaConsumer: consume", join(plainsCpu, "%.3f"));
                byRowRatio.forEach((label, ratios) -> System.out.printf(Locale.ROOT, "  %-44s rounds %s  median %.2f  CPU %s (median %.3f)%n",
                        label, join(ratios, "%.2f"), median(ratios), join(byRowCpu.get(label), "%.3f"), median(byRowCpu.get(label))));
            }
        }
    }

    static final String MAPPING = """
            pipeline:
              processors:
                - mapping: |
                    root.id = this.id
                    root.name = this.name.uppercase()
                    root.source = @kafka_topic
            """;

    /**
     * One Sluice row: the name {@code ONLY} knows it by, its label, whether its input batches, and whether it maps and
     * writes to Kafka (then also compared with the plain copy; {@code outputExtra} adds fields to that output) or drops.
     */
    record Row(String key, String label, boolean batched, boolean toKafka, String outputExtra) {
        String config(String topic, String group) {
            String input = """
                    input:
                      kafka_franz:
                        seed_brokers: [ "%s" ]
                        topics: [ %s ]
                        consumer_group: %s
                    """.formatted(bootstrap, topic, group) + (batched ? "    batching: { count: 100, period: 5ms }\n" : "");
            if (!toKafka) return input + "output:\n  drop: {}\n";
            return input + MAPPING + """
                    output:
                      kafka_franz:
                        seed_brokers: [ "%s" ]
                        topic: bench-out
                    """.formatted(bootstrap) + outputExtra;
        }
    }

    static final List<Row> SLUICE_ROWS = List.of(
            new Row("drop", "sluice kafka_franz -> drop", false, false, ""),
            new Row("map", "sluice kafka_franz -> mapping -> kafka_franz", false, true, ""),
            new Row("map-inflight", "sluice ... -> kafka_franz (max_in_flight 256)", false, true, "    max_in_flight: 256\n"),
            new Row("drop-batched", "sluice kafka_franz (batches of 100) -> drop", true, false, ""),
            new Row("map-batched", "sluice same, input batches of 100", true, true, ""));

    /** ONLY=drop,map,... runs only those rows (copy, drop, map, map-inflight, drop-batched, map-batched); the plain consume always runs. */
    static final List<String> ONLY = System.getenv("ONLY") == null || System.getenv("ONLY").isBlank()
            ? List.of() : List.of(System.getenv("ONLY").split("\\s*,\\s*"));
    /** REPEAT=n runs each Sluice row n times, one after the other, each with a fresh consumer group. */
    static final int REPEAT = Integer.parseInt(System.getenv().getOrDefault("REPEAT", "1"));

    static boolean wanted(String row) {
        return ONLY.isEmpty() || ONLY.contains(row);
    }

    static String rate(double r) {
        return String.format(Locale.ROOT, "%,.0f", r);
    }

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** CPU time of this JVM (consumer or stream, not the broker, which runs in its own) per message of the last row. */
    static double lastCpuMicrosPerMessage = Double.NaN;

    static String cpu() {
        return String.format(Locale.ROOT, "%.3f", lastCpuMicrosPerMessage);
    }

    static String join(List<Double> values, String format) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, format, v)).toList());
    }

    /** The machine's load average over the last minute, as the kernel reports it (other processes share the cores). */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "-";
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return "-";
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    static byte[] payload(int i, int size) {
        StringBuilder sb = new StringBuilder("{\"id\":").append(i).append(",\"name\":\"user-").append(i).append("\",\"pad\":\"");
        while (sb.length() < size - 2) sb.append('x');
        return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static double produce(String topic, int n, int size) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), payload(i, size)));
            producer.flush();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        return c;
    }

    static double plainConsume(String topic, int n) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(topic)) {
            long count = 0, bytes = 0, t0 = 0, cpu0 = 0;
            while (count < n) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (count++ == 0) {
                        t0 = System.nanoTime();
                        cpu0 = OS.getProcessCpuTime();
                    }
                    bytes += r.value().length;
                }
            }
            lastCpuMicrosPerMessage = (OS.getProcessCpuTime() - cpu0) / 1e3 / (n - 1);
            return (n - 1) / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double plainCopy(String from, String to, int n) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaConsumer<byte[], byte[]> c = consumer(from); KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            long count = 0, t0 = 0;
            while (count < n) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (count++ == 0) t0 = System.nanoTime();
                    producer.send(new ProducerRecord<>(to, r.key(), r.value()));
                }
            }
            producer.flush();
            return (n - 1) / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double sluice(int n, String yaml) throws Exception {
        Stream s = new StreamBuilder(ComponentRegistry.global()).build("bench", ConfigLoader.parseRaw(yaml, "bench.yaml")).start();
        try {
            long t0 = 0, cpu0 = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (s.metrics().get("output_sent") < n) {
                if (t0 == 0 && s.metrics().get("input_received") > 0) {
                    t0 = System.nanoTime();
                    cpu0 = OS.getProcessCpuTime();
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException("timed out: " + s.metrics().snapshot());
                Thread.sleep(2);
            }
            lastCpuMicrosPerMessage = (OS.getProcessCpuTime() - cpu0) / 1e3 / (n - 1);
            return (n - 1) / ((System.nanoTime() - t0) / 1e9);
        } finally {
            s.stop(Duration.ofSeconds(10));
        }
    }
}
