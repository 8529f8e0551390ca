package io.sluice.connectors.kafka;

import io.sluice.core.engine.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTest extends KafkaTestSupport {

    /** Copies {@code count} messages of a fresh topic to a fresh 3-partition topic with the given output config. */
    private static List<ConsumerRecord<byte[], byte[]>> copy(int count, String outputYaml) throws Exception {
        String in = topic("out-src", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(in, bytes("k" + i), bytes("v" + i));
            r.headers().add(new RecordHeader("target", bytes(String.valueOf(i % 2))));
            records.add(r);
        }
        produce(in, records);
        String out = topic("out-dst", 3);
        Stream s = stream("""
                input:
                  kafka:
                    addresses: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                output:
                %s
                """.formatted(bootstrap(), in, uniqueName("g"), outputYaml.formatted(bootstrap(), out).indent(2)));
        try {
            List<ConsumerRecord<byte[], byte[]>> got = consume(out, count, Duration.ofSeconds(30));
            assertThat(got).hasSize(count);
            return got;
        } finally {
            stop(s);
        }
    }

    @Test
    void manualPartitionFromAnInterpolation() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = copy(20, """
                kafka_franz:
                  seed_brokers: [ "%s" ]
                  topic: %s
                  partition: ${! meta("target") }
                """);
        for (ConsumerRecord<byte[], byte[]> r : got) {
            int i = Integer.parseInt(text(r.value()).substring(1));
            assertThat(r.partition()).as(text(r.value())).isEqualTo(i % 2);
        }
    }

    @Test
    void roundRobinSpreadsEvenly() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = copy(30, """
                kafka:
                  addresses: [ "%s" ]
                  topic: %s
                  partitioner: round_robin
                """);
        Map<Integer, Long> perPartition = got.stream().collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
        assertThat(perPartition).containsOnlyKeys(0, 1, 2).containsValues(10L);
    }

    @Test
    void fnv1aHashOfTheKeyByDefault() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = copy(30, """
                kafka:
                  addresses: [ "%s" ]
                  topic: %s
                  key: ${! meta("kafka_key") }
                """);
        for (ConsumerRecord<byte[], byte[]> r : got) {
            assertThat(r.partition()).isEqualTo(KafkaOutput.fnv1aPartition(r.key(), 3));
        }
        assertThat(got.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
    }

    @Test
    void murmur2HashMatchesJavaClients() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = copy(30, """
                kafka_franz:
                  seed_brokers: [ "%s" ]
                  topic: %s
                  key: ${! meta("kafka_key") }
                  compression: lz4
                  timestamp_ms: "1700000000000"
                """);
        for (ConsumerRecord<byte[], byte[]> r : got) {
            assertThat(r.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(r.key())) % 3);
            assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L);
        }
    }

    @Test
    void staticHeadersAndDynamicTopic() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = copy(5, """
                kafka:
                  addresses: [ "%s" ]
                  topic: ${! "%s" }
                  partitioner: manual
                  partition: "2"
                  static_headers:
                    origin: sluice
                  metadata:
                    exclude_prefixes: [ kafka_ ]
                  compression: gzip
                  ack_replicas: true
                """);
        for (ConsumerRecord<byte[], byte[]> r : got) {
            assertThat(r.partition()).isEqualTo(2);
            assertThat(text(r.headers().lastHeader("origin").value())).isEqualTo("sluice");
            assertThat(r.headers().lastHeader("target")).isNotNull();
            assertThat(r.headers().lastHeader("kafka_key")).isNull();
        }
    }

    @Test
    void fnv1aKnownVectors() {
        // FNV-1a 32-bit reference values.
        assertThat(fnv1a("")).isEqualTo(0x811c9dc5);
        assertThat(fnv1a("a")).isEqualTo(0xe40c292c);
        assertThat(fnv1a("foobar")).isEqualTo(0xbf9cf968);
    }

    private static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        // KafkaOutput uses the same loop; check it through a partition count larger than any hash.
        int viaOutput = KafkaOutput.fnv1aPartition(s.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
        assertThat(viaOutput).isEqualTo(Math.abs(h % Integer.MAX_VALUE));
        return h;
    }
}
