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
        byte[] value = r.value();
        // The metadata is made when first used (on the pipeline's thread), from values captured now: the lag
        // depends on the partition's end offset at this moment.
        long lag = dialect == Dialect.KAFKA ? Math.max(0, endOffset - r.offset() - 1) : 0;
        return Part.withLazyMetadata(value == null ? EMPTY : value, m -> {
            if (dialect == Dialect.KAFKA) headers(r, m);
            byte[] key = r.key();
            m.put("kafka_key", key == null ? "" : new String(key, StandardCharsets.UTF_8));
            m.put("kafka_topic", r.topic());
            m.put("kafka_partition", (long) r.partition());
            m.put("kafka_offset", r.offset());
            if (dialect == Dialect.KAFKA) m.put("kafka_lag", lag);
            m.put("kafka_timestamp_unix", Math.floorDiv(r.timestamp(), 1000L));
            m.put("kafka_timestamp_ms", r.timestamp());
            m.put("kafka_tombstone_message", value == null);
            if (dialect == Dialect.FRANZ) headers(r, m);
        });
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
