package io.sluice.connectors.kafka;

import io.sluice.core.engine.Stream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionsTest extends KafkaTestSupport {

    /** A topic of 4 partitions with "p{partition}-{i}" for i in 0..4 in each. */
    private static String fourPartitions() {
        String t = topic("parts", 4);
        for (int p = 0; p < 4; p++) produce(t, "p" + p + "-", 0, 5, p);
        return t;
    }

    private static List<String> expected(int partition, int from) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < 5; i++) l.add("p" + partition + "-" + i);
        return l;
    }

    private static TestComponents.Sink run(String inputYaml, int expected) throws Exception {
        String sink = uniqueName("sink");
        TestComponents.Sink got = TestComponents.sink(sink);
        Stream s = stream(inputYaml + """
                output:
                  test_capture:
                    name: %s
                """.formatted(sink));
        try {
            await(expected + " messages", Duration.ofSeconds(20), () -> got.texts().size() >= expected);
            Thread.sleep(300); // nothing else arrives
        } finally {
            stop(s);
        }
        return got;
    }

    @Test
    void franzRangeOfPartitionsWithoutGroup() throws Exception {
        String t = fourPartitions();
        TestComponents.Sink got = run("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ "%s:1-2" ]
                """.formatted(bootstrap(), t), 10);
        List<String> want = new ArrayList<>(expected(1, 0));
        want.addAll(expected(2, 0));
        assertThat(got.texts()).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void franzExplicitStartOffsetAndCommaSeparatedEntries() throws Exception {
        String t = fourPartitions();
        TestComponents.Sink got = run("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ "%s:3:2,%s:0:4" ]
                """.formatted(bootstrap(), t, t), 4);
        List<String> want = new ArrayList<>(expected(3, 2));
        want.addAll(expected(0, 4));
        assertThat(got.texts()).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void franzWholeTopicWithoutGroup() throws Exception {
        String t = fourPartitions();
        TestComponents.Sink got = run("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ %s ]
                """.formatted(bootstrap(), t), 20);
        assertThat(got.texts()).hasSize(20);
    }

    @Test
    void kafkaExplicitPartitionCommitsUnderTheConsumerGroup() throws Exception {
        String t = fourPartitions();
        String group = uniqueName("g");
        TestComponents.Sink got = run("""
                input:
                  kafka:
                    addresses: [ "%s" ]
                    topics: [ "%s:0" ]
                    consumer_group: %s
                """.formatted(bootstrap(), t, group), 5);
        assertThat(got.texts()).containsExactlyElementsOf(expected(0, 0));
        assertThat(AckRedeliveryTest.committedOffset(group, t, 0)).isEqualTo(5);
    }

    @Test
    void franzRegularExpressionTopicsWithGroup() throws Exception {
        String prefix = uniqueName("rx");
        String a = prefix + "-a";
        String b = prefix + "-b";
        broker().createTopic(a, 1);
        broker().createTopic(b, 1);
        produce(a, "a", 0, 3, null);
        produce(b, "b", 0, 3, null);
        TestComponents.Sink got = run("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ "^%s-.*" ]
                    regexp_topics: true
                    consumer_group: %s
                    metadata_max_age: 1s
                """.formatted(bootstrap(), prefix, uniqueName("g")), 6);
        assertThat(got.texts()).containsExactlyInAnyOrder("a0", "a1", "a2", "b0", "b1", "b2");
    }
}
