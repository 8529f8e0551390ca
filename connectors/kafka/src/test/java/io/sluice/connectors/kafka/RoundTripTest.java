package io.sluice.connectors.kafka;

import io.sluice.core.engine.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RoundTripTest extends KafkaTestSupport {

    @Test
    void franzInputToKafkaOutputCopiesEveryMessageWithKeysAndHeaders() throws Exception {
        String in = topic("rt-in", 3);
        String out = topic("rt-out", 3);
        produce(in, "msg", 0, 300, null);
        Stream s = stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                output:
                  kafka:
                    addresses: [ "%s" ]
                    topic: %s
                    key: "fixed"
                    metadata:
                      exclude_prefixes: [ kafka_offset, kafka_timestamp ]
                """.formatted(bootstrap(), in, uniqueName("g"), bootstrap(), out));
        try {
            List<ConsumerRecord<byte[], byte[]>> got = consume(out, 300, Duration.ofSeconds(30));
            Set<String> values = got.stream().map(r -> text(r.value())).collect(Collectors.toSet());
            assertThat(values).isEqualTo(IntStream.range(0, 300).mapToObj(i -> "msg" + i).collect(Collectors.toSet()));
            ConsumerRecord<byte[], byte[]> r = got.get(0);
            assertThat(text(r.key())).isEqualTo("fixed");
            Set<String> headerKeys = new HashSet<>();
            for (Header h : r.headers()) headerKeys.add(h.key());
            assertThat(headerKeys).contains("kafka_key", "kafka_topic", "kafka_partition", "kafka_tombstone_message")
                    .doesNotContain("kafka_offset", "kafka_timestamp_unix", "kafka_timestamp_ms");
            assertThat(text(r.headers().lastHeader("kafka_topic").value())).isEqualTo(in);
        } finally {
            stop(s);
        }
    }

    @Test
    void kafkaInputToFranzOutputWithSmallBatches() throws Exception {
        String in = topic("rt2-in", 2);
        String out = topic("rt2-out", 1);
        produce(in, "v", 0, 200, null);
        Stream s = stream("""
                input:
                  kafka:
                    addresses: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                    batching:
                      count: 7
                      period: 50ms
                output:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topic: %s
                    metadata:
                      include_prefixes: [ kafka_key ]
                """.formatted(bootstrap(), in, uniqueName("g"), bootstrap(), out));
        try {
            List<ConsumerRecord<byte[], byte[]>> got = consume(out, 200, Duration.ofSeconds(30));
            assertThat(got).hasSize(200);
            assertThat(got.stream().map(r -> text(r.value())).collect(Collectors.toSet())).hasSize(200);
            ConsumerRecord<byte[], byte[]> r = got.get(0);
            assertThat(r.key()).isNull();
            assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("kafka_key");
        } finally {
            stop(s);
        }
    }
}
