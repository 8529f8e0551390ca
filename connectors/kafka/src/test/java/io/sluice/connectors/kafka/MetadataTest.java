package io.sluice.connectors.kafka;

import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataTest extends KafkaTestSupport {

    private static List<ProducerRecord<byte[], byte[]>> records(String topic) {
        ProducerRecord<byte[], byte[]> withHeaders = new ProducerRecord<>(topic, 0, 1_700_000_000_123L, bytes("key-1"), bytes("hello"));
        withHeaders.headers().add(new RecordHeader("trace", bytes("abc")));
        withHeaders.headers().add(new RecordHeader("multi", bytes("one")));
        withHeaders.headers().add(new RecordHeader("multi", bytes("two")));
        ProducerRecord<byte[], byte[]> tombstone = new ProducerRecord<>(topic, 0, 1_700_000_001_000L, bytes("key-2"), (byte[]) null);
        return List.of(withHeaders, tombstone);
    }

    /** The capture output writes with several in flight, so the order it records is not the topic's: sort by offset. */
    private static List<Part> byOffset(TestComponents.Sink sink) {
        return sink.accepted.stream()
                .sorted(Comparator.comparingLong((Part p) -> ((Number) p.meta("kafka_offset")).longValue()))
                .toList();
    }

    @Test
    void franzInputSetsKafkaMetadataAndHeaders() throws Exception {
        String t = topic("meta", 1);
        produce(t, records(t));
        String sink = uniqueName("sink");
        Stream s = stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ %s ]
                output:
                  test_capture:
                    name: %s
                """.formatted(bootstrap(), t, sink));
        try {
            TestComponents.Sink got = TestComponents.sink(sink);
            await("2 messages", Duration.ofSeconds(20), () -> got.accepted.size() >= 2);
            Part first = byOffset(got).get(0);
            assertThat(first.text()).isEqualTo("hello");
            assertThat(first.metadata())
                    .containsEntry("kafka_key", "key-1")
                    .containsEntry("kafka_topic", t)
                    .containsEntry("kafka_partition", 0L)
                    .containsEntry("kafka_offset", 0L)
                    .containsEntry("kafka_timestamp_unix", 1_700_000_000L)
                    .containsEntry("kafka_timestamp_ms", 1_700_000_000_123L)
                    .containsEntry("kafka_tombstone_message", false)
                    .containsEntry("trace", "abc")
                    .containsEntry("multi", "two")
                    .doesNotContainKey("kafka_lag");
            Part second = byOffset(got).get(1);
            assertThat(second.bytes()).isEmpty();
            assertThat(second.metadata()).containsEntry("kafka_tombstone_message", true).containsEntry("kafka_offset", 1L);
        } finally {
            stop(s);
        }
    }

    @Test
    void kafkaInputAddsLagAndMultiHeaderLists() throws Exception {
        String t = topic("meta2", 1);
        produce(t, records(t));
        String sink = uniqueName("sink");
        Stream s = stream("""
                input:
                  kafka:
                    addresses: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                    multi_header: true
                output:
                  test_capture:
                    name: %s
                """.formatted(bootstrap(), t, uniqueName("g"), sink));
        try {
            TestComponents.Sink got = TestComponents.sink(sink);
            await("2 messages", Duration.ofSeconds(20), () -> got.accepted.size() >= 2);
            Part first = got.accepted.stream().filter(p -> p.text().equals("hello")).findFirst().orElseThrow();
            assertThat(first.metadata())
                    .containsEntry("kafka_lag", 1L)
                    .containsEntry("multi", List.of("one", "two"))
                    .containsEntry("trace", List.of("abc"));
        } finally {
            stop(s);
        }
    }
}
