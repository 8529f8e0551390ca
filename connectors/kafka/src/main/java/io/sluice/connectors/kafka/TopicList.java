package io.sluice.connectors.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code topics} field: plain topic names (balanced across a consumer group) or explicit
 * partitions ({@code foo:0}, {@code foo:0-3}, and with the franz dialect a start offset
 * {@code foo:0:120}).
 *
 * @param balanced topics whose partitions the group assigns
 * @param explicit explicitly named partitions, each with the offset to start from or null
 */
record TopicList(List<String> balanced, Map<TopicPartition, Long> explicit) {

    static TopicList parse(List<String> entries, boolean allowOffsets) {
        List<String> balanced = new ArrayList<>();
        Map<TopicPartition, Long> explicit = new LinkedHashMap<>();
        for (String item : ClientConfig.splitList(entries)) {
            String[] bits = item.split(":", -1);
            if (bits.length == 1) {
                if (!balanced.contains(item)) balanced.add(item);
                continue;
            }
            if (bits.length > (allowOffsets ? 3 : 2)) {
                throw new IllegalArgumentException("'" + item + "' has too many ':' parts (expected topic:partition"
                        + (allowOffsets ? "[:offset])" : ")"));
            }
            String topic = bits[0].trim();
            if (topic.isEmpty()) throw new IllegalArgumentException("'" + item + "' has no topic name");
            Long offset = null;
            if (bits.length == 3) {
                try {
                    offset = Long.parseLong(bits[2].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + item + "': offset '" + bits[2] + "' is not an integer");
                }
            }
            String range = bits[1].trim();
            int lo, hi;
            try {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    lo = Integer.parseInt(range.substring(0, dash).trim());
                    hi = Integer.parseInt(range.substring(dash + 1).trim());
                } else {
                    lo = hi = Integer.parseInt(range);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "': '" + range + "' is not a partition or range of partitions (e.g. 0 or 0-3)");
            }
            if (lo < 0 || hi < lo) throw new IllegalArgumentException("'" + item + "': invalid partition range " + range);
            for (int p = lo; p <= hi; p++) explicit.put(new TopicPartition(topic, p), offset);
        }
        return new TopicList(List.copyOf(balanced), explicit);
    }

    boolean hasExplicit() {
        return !explicit.isEmpty();
    }
}
