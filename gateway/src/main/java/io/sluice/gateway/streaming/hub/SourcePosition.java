package io.sluice.gateway.streaming.hub;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a message came from in its source, read from the metadata its input set, so that a cluster hub can drop a
 * message a rebalance delivered twice (once by the node that lost the partition, once by the one that took it over).
 * A message without a known position is never taken for a duplicate.
 *
 * <ul>
 *   <li>{@code sluice_dedup_key}: set by the stream itself (e.g. {@code meta sluice_dedup_key = this.order_id}), wins;</li>
 *   <li>Kafka: {@code kafka_topic}, {@code kafka_partition}, {@code kafka_offset};</li>
 *   <li>NATS JetStream: {@code nats_sequence_stream};</li>
 *   <li>Redis Streams: {@code redis_stream} (the entry id);</li>
 *   <li>AMQP: {@code amqp_message_id}, when the publisher set one (RabbitMQ redelivers without any other identity).</li>
 * </ul>
 *
 * Processors may turn one source message into several: their positions get {@code #1}, {@code #2}, ... in the order
 * they come in the batch, which a redelivery reproduces.
 */
final class SourcePosition {

    static final String EXPLICIT = "sluice_dedup_key";

    private SourcePosition() {
    }

    /** The positions of a batch's messages, "" for none. */
    static String[] of(List<HubMessage.Draft> batch) {
        String[] out = new String[batch.size()];
        Map<String, Integer> seen = null;
        for (int i = 0; i < out.length; i++) {
            String p = of(batch.get(i).metadata());
            if (!p.isEmpty()) {
                if (seen == null) seen = new HashMap<>();
                int n = seen.merge(p, 1, Integer::sum);
                if (n > 1) p = p + "#" + (n - 1);
            }
            out[i] = p;
        }
        return out;
    }

    static String of(Map<String, String> meta) {
        String explicit = meta.get(EXPLICIT);
        if (explicit != null && !explicit.isEmpty()) return "x:" + explicit;
        String offset = meta.get("kafka_offset");
        if (offset != null) return "k:" + meta.getOrDefault("kafka_topic", "") + "/" + meta.getOrDefault("kafka_partition", "") + "/" + offset;
        String sequence = meta.get("nats_sequence_stream");
        if (sequence != null) return "n:" + sequence;
        String entry = meta.get("redis_stream");
        if (entry != null) return "r:" + entry;
        String messageId = meta.get("amqp_message_id");
        if (messageId != null && !messageId.isEmpty()) return "a:" + messageId;
        return "";
    }
}
