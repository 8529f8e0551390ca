package io.sluice.connectors.kafka;

import io.sluice.core.engine.Stream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AckRedeliveryTest extends KafkaTestSupport {

    private static String franzToSink(String topic, String group, String sink, String extra) {
        return """
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                    commit_period: 100ms
                %s
                output:
                  test_capture:
                    name: %s
                shutdown_timeout: 5s
                """.formatted(bootstrap(), topic, group, extra, sink);
    }

    @Test
    void aRejectedMessageIsDeliveredAgainUntilAccepted() throws Exception {
        String t = topic("nack", 1);
        produce(t, "m", 0, 10, null);
        String sink = uniqueName("sink");
        TestComponents.Sink got = TestComponents.sink(sink);
        AtomicInteger rejections = new AtomicInteger();
        got.reject = p -> p.text().equals("m3") && rejections.incrementAndGet() <= 2;
        String group = uniqueName("g");
        Stream s = stream(franzToSink(t, group, sink, ""));
        try {
            await("all 10 accepted", Duration.ofSeconds(20), () -> new HashSet<>(got.texts()).size() == 10);
            assertThat(got.attempts("m3")).isEqualTo(3);
            assertThat(got.texts()).hasSize(10);
            await("offset 10 committed", Duration.ofSeconds(10), () -> committedOffset(group, t) == 10);
        } finally {
            stop(s);
        }
    }

    @Test
    void withoutAutoReplayARejectedMessageIsDroppedAndCommitted() throws Exception {
        String t = topic("nack-drop", 1);
        produce(t, "m", 0, 10, null);
        String sink = uniqueName("sink");
        TestComponents.Sink got = TestComponents.sink(sink);
        got.reject = p -> p.text().equals("m3");
        String group = uniqueName("g");
        Stream s = stream(franzToSink(t, group, sink, "    auto_replay_nacks: false"));
        try {
            await("9 accepted", Duration.ofSeconds(20), () -> got.texts().size() == 9);
            await("offset 10 committed", Duration.ofSeconds(10), () -> committedOffset(group, t) == 10);
            assertThat(got.attempts("m3")).isEqualTo(1);
        } finally {
            stop(s);
        }
    }

    @Test
    void aRestartedConsumerResumesAfterTheLastAcknowledgedMessage() throws Exception {
        String t = topic("resume", 1);
        produce(t, "m", 0, 20, null);
        String group = uniqueName("g");
        String sink1 = uniqueName("sink");
        TestComponents.Sink first = TestComponents.sink(sink1);
        // m12 and later are never accepted by the first consumer: its offsets must stop at 12.
        first.reject = p -> Integer.parseInt(p.text().substring(1)) >= 12;
        Stream s1 = stream(franzToSink(t, group, sink1, ""));
        try {
            await("m0..m11 accepted", Duration.ofSeconds(20), () -> first.texts().size() == 12);
            await("rejections", Duration.ofSeconds(10), () -> first.rejectedWrites.get() >= 8);
        } finally {
            stop(s1);
        }
        assertThat(committedOffset(group, t)).isEqualTo(12);
        assertThat(first.texts()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 12).mapToObj(i -> "m" + i).toList());

        produce(t, "m", 20, 5, null);
        String sink2 = uniqueName("sink");
        TestComponents.Sink second = TestComponents.sink(sink2);
        Stream s2 = stream(franzToSink(t, group, sink2, ""));
        try {
            await("m12..m24 accepted", Duration.ofSeconds(20), () -> second.texts().size() >= 13);
            // A marker after them: the partition keeps order, so a redelivered m0..m11 would have come before it.
            produce(t, "m", 25, 1, null);
            await("the marker m25", Duration.ofSeconds(20), () -> second.texts().contains("m25"));
            assertThat(second.texts()).containsExactlyInAnyOrderElementsOf(IntStream.range(12, 26).mapToObj(i -> "m" + i).toList());
        } finally {
            stop(s2);
        }
        assertThat(committedOffset(group, t)).isEqualTo(26);
    }

    @Test
    void checkpointLimitOneKeepsPartitionOrderAndCommitsInOrder() throws Exception {
        String t = topic("order", 2);
        produce(t, "a", 0, 30, 0);
        produce(t, "b", 0, 30, 1);
        String sink = uniqueName("sink");
        TestComponents.Sink got = TestComponents.sink(sink);
        AtomicInteger rejections = new AtomicInteger();
        got.reject = p -> p.text().equals("a5") && rejections.incrementAndGet() <= 1;
        String group = uniqueName("g");
        Stream s = stream("""
                input:
                  kafka:
                    addresses: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                    checkpoint_limit: 1
                    commit_period: 100ms
                pipeline:
                  threads: 4
                output:
                  test_capture:
                    name: %s
                    max_in_flight: 8
                """.formatted(bootstrap(), t, group, sink));
        try {
            await("60 accepted", Duration.ofSeconds(30), () -> got.texts().size() == 60);
            List<String> a = got.texts().stream().filter(x -> x.startsWith("a")).toList();
            List<String> b = got.texts().stream().filter(x -> x.startsWith("b")).toList();
            assertThat(a).containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> "a" + i).toList());
            assertThat(b).containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> "b" + i).toList());
            await("offsets committed", Duration.ofSeconds(10), () -> committedOffset(group, t, 0) == 30 && committedOffset(group, t, 1) == 30);
        } finally {
            stop(s);
        }
    }

    static long committedOffset(String group, String topic) {
        return committedOffset(group, topic, 0);
    }

    static long committedOffset(String group, String topic, int partition) {
        try {
            Map<TopicPartition, OffsetAndMetadata> c = committed(group);
            OffsetAndMetadata o = c.get(new TopicPartition(topic, partition));
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            return -2;
        }
    }
}
