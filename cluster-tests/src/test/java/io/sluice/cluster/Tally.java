package io.sluice.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one consumer received, checked by sequence numbers against what the source acknowledged: duplicates (a
 * sequence number or an id seen twice), the gap (sequence numbers it never got), whether each partition's messages
 * came in order, and the longest silence between two messages.
 */
record Tally(String consumer, int received, int duplicates, int gap, boolean inOrder, int reconnects, double longestPauseSeconds,
             List<String> closedWith) {

    static Tally of(SseConsumer c, Set<Long> sent, Map<Long, Integer> partitionOf) {
        List<SseConsumer.Event> events = List.copyOf(c.events);
        Set<Long> seqs = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        int duplicates = 0;
        Map<Integer, Long> lastOfPartition = new HashMap<>();
        boolean inOrder = true;
        long longestPause = 0;
        for (int i = 0; i < events.size(); i++) {
            SseConsumer.Event e = events.get(i);
            long seq = SseConsumer.seq(e.data());
            boolean fresh = seqs.add(seq);
            if (!ids.add(e.id()) || !fresh) duplicates++;
            if (fresh && partitionOf != null) {
                Integer p = partitionOf.get(seq);
                if (p != null) {
                    Long last = lastOfPartition.put(p, seq);
                    if (last != null && last > seq) inOrder = false;
                }
            }
            if (i > 0) longestPause = Math.max(longestPause, e.atNanos() - events.get(i - 1).atNanos());
        }
        Set<Long> missing = new HashSet<>(sent);
        missing.removeAll(seqs);
        return new Tally(c.name, events.size(), duplicates, missing.size(), inOrder, c.reconnects(), longestPause / 1e9, List.copyOf(c.errors));
    }

    /** True once the consumer holds every sequence number of {@code sent}. */
    static boolean holdsAll(SseConsumer c, Set<Long> sent) {
        Set<Long> seqs = new HashSet<>(c.seqs());
        return seqs.containsAll(sent);
    }

    /** When (nanoTime) the consumer had received all of {@code sent}; the arrival of the last of them. */
    static long completeAt(SseConsumer c, Set<Long> sent) {
        Set<Long> wanted = new HashSet<>(sent);
        for (SseConsumer.Event e : c.events) {
            wanted.remove(SseConsumer.seq(e.data()));
            if (wanted.isEmpty()) return e.atNanos();
        }
        return Long.MAX_VALUE;
    }

    String line() {
        return "  %-10s received=%d duplicates=%d gap=%d in-order=%s reconnects=%d longest-pause=%.1fs%s".formatted(consumer, received,
                duplicates, gap, inOrder, reconnects, longestPauseSeconds, closedWith.isEmpty() ? "" : " closed-with=" + closedWith.getFirst());
    }
}
