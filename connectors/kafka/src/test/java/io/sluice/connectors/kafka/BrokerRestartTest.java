package io.sluice.connectors.kafka;

import io.sluice.core.engine.Stream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerRestartTest extends KafkaTestSupport {

    static long endOffsets(String topic) {
        try (var admin = broker().admin()) {
            var parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (var p : parts) req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            return admin.listOffsets(req).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aBrokerCrashMidStreamLosesNoAcknowledgedMessage() throws Exception {
        String in = topic("restart-in", 2);
        String out = topic("restart-out", 2);
        Stream s = stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ %s ]
                    consumer_group: %s
                    commit_period: 200ms
                    session_timeout: 6s
                    heartbeat_interval: 1s
                    rebalance_timeout: 10s
                output:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topic: %s
                    timeout: 3s
                shutdown_timeout: 5s
                """.formatted(bootstrap(), in, uniqueName("g"), bootstrap(), out));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int total = 1500;
        Thread writer = Thread.ofPlatform().start(() -> {
            try (KafkaProducer<byte[], byte[]> p = producer()) {
                for (int i = 0; i < total; i++) {
                    String v = "r" + i;
                    p.send(new ProducerRecord<>(in, bytes(v)), (md, err) -> {
                        if (err == null) acknowledged.add(v);
                    });
                    if (i % 10 == 0) Thread.sleep(5);
                }
                p.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await("the stream copying", Duration.ofSeconds(30), () -> endOffsets(out) >= 200);
            broker().kill();
            Thread.sleep(500);
            broker().restart();
            writer.join(Duration.ofSeconds(60).toMillis());
            assertThat(acknowledged).hasSize(total);
            // At-least-once: messages in flight at the crash may be copied twice, so read everything
            // up to the topic's end rather than stopping after `total` records.
            List<String> copied = await("every acknowledged message copied", Duration.ofSeconds(90),
                    () -> consume(out, (int) Math.max(total, endOffsets(out)), Duration.ofSeconds(10)).stream()
                            .map(ConsumerRecord::value).map(KafkaTestSupport::text).toList(),
                    l -> l.stream().collect(Collectors.toSet()).containsAll(acknowledged));
            assertThat(Set.copyOf(copied)).hasSize(total);
        } finally {
            writer.interrupt();
            stop(s);
        }
    }
}
