package io.sluice.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@code {"seq": n}} to a topic's partitions in turn ({@code n % partitions}) at a steady rate, with an
 * idempotent producer (acks=all), and records which sequence numbers Kafka acknowledged, and to which partition.
 * Sending survives a broker restart: the producer retries until the broker is back.
 */
final class KafkaFeed implements AutoCloseable {

    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final Map<Long, Integer> partitionOf = new ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int partitions;
    private final long nanosPerMessage;
    private final AtomicLong next = new AtomicLong();
    private volatile boolean running = true;
    private final Thread sender;

    KafkaFeed(String bootstrap, String topic, int partitions, int perSecond) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.partitions = partitions;
        this.nanosPerMessage = 1_000_000_000L / perSecond;
        this.sender = Thread.ofPlatform().name("kafka-feed").start(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        while (running) {
            long seq = next.incrementAndGet();
            int partition = (int) (seq % partitions);
            producer.send(new ProducerRecord<>(topic, partition, null, "{\"seq\":" + seq + "}"), (meta, error) -> {
                if (error == null) {
                    acked.add(seq);
                    partitionOf.put(seq, meta.partition());
                }
            });
            long due = start + seq * nanosPerMessage;
            long wait = due - System.nanoTime();
            if (wait > 0) Ports.sleep(wait / 1_000_000);
        }
    }

    /** Stops sending and waits until Kafka acknowledged (or finally refused) everything sent. */
    @Override
    public void close() {
        running = false;
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        producer.close();
    }
}
