package io.sluice.connectors.kafka;

import io.sluice.core.message.Part;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns consumed records into message parts with the dialect's metadata. */
final class RecordParts {
    private static final byte[] EMPTY = new byte[0];

    private final Dialect dialect;
    private final boolean multiHeader;

    RecordParts(Dialect dialect, boolean multiHeader) {
        this.dialect = dialect;
        this.multiHeader = multiHeader;
    }

    /** The record as a part; {@code endOffset} is its partition's end offset when it was fetched, for the lag. */
    Part toPart(ConsumerRecord<byte[], byte[]> r, long endOffset) {
        long lag = lag(r, endOffset);
        // The metadata is made when first used (on the pipeline's thread), from values captured now: the lag
        // depends on the partition's end offset at this moment.
        return Part.withLazyMetadata(value(r), m -> fill(r, lag, m));
    }

    /** The record's value; a tombstone (no value) is an empty message. */
    static byte[] value(ConsumerRecord<byte[], byte[]> r) {
        return r.value() == null ? EMPTY : r.value();
    }

    /** How far the record is behind its partition's end ({@code kafka_lag}); 0 for the franz dialect, which has no lag. */
    long lag(ConsumerRecord<byte[], byte[]> r, long endOffset) {
        return dialect == Dialect.KAFKA ? Math.max(0, endOffset - r.offset() - 1) : 0;
    }

    /** Writes the record's metadata: key, topic, partition, offset, timestamps, headers (and the lag in the kafka dialect). */
    void fill(ConsumerRecord<byte[], byte[]> r, long lag, Map<String, Object> m) {
        if (dialect == Dialect.KAFKA) headers(r, m);
        byte[] key = r.key();
        m.put("kafka_key", key == null ? "" : new String(key, StandardCharsets.UTF_8));
        m.put("kafka_topic", r.topic());
        m.put("kafka_partition", (long) r.partition());
        m.put("kafka_offset", r.offset());
        if (dialect == Dialect.KAFKA) m.put("kafka_lag", lag);
        m.put("kafka_timestamp_unix", Math.floorDiv(r.timestamp(), 1000L));
        m.put("kafka_timestamp_ms", r.timestamp());
        m.put("kafka_tombstone_message", r.value() == null);
        if (dialect == Dialect.FRANZ) headers(r, m);
    }

    private void headers(ConsumerRecord<byte[], byte[]> r, Map<String, Object> m) {
        if (!multiHeader) {
            for (Header h : r.headers()) m.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            return;
        }
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            lists.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        m.putAll(lists);
    }
}
