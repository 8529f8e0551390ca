package io.sluice.gateway.storage;

/**
 * The times of the hits allowed in the last window, oldest first, in a ring of longs (no boxing).
 * Holds at most {@code limit} entries, so its size is bounded by the rate it enforces.
 */
final class SlidingLog {

    private long[] times = new long[4];
    private int head;
    private int size;

    synchronized RateGrant hitUpTo(long now, long limit, long windowMillis, long units) {
        evictOlderThan(now - windowMillis);
        long granted = Math.max(0, Math.min(units, limit - size));
        for (long i = 0; i < granted; i++) {
            append(now);
        }
        return new RateGrant(granted, Math.max(0, limit - size), size == 0 ? now : oldest() + windowMillis);
    }

    synchronized boolean isIdle(long now, long windowMillis) {
        evictOlderThan(now - windowMillis);
        return size == 0;
    }

    private void evictOlderThan(long cutoff) {
        while (size > 0 && times[head] <= cutoff) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    private long oldest() {
        return times[head];
    }

    private void append(long time) {
        if (size == times.length) {
            long[] bigger = new long[times.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = times[(head + i) % times.length];
            }
            times = bigger;
            head = 0;
        }
        times[(head + size) % times.length] = time;
        size++;
    }
}
