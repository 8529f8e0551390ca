package io.sluice.console.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TimeSortedIds that sort by creation time: a prefix naming the kind ({@code evt_}, {@code dlv_}), the milliseconds in hex, a
 * process-wide sequence (for ids made in the same millisecond) and 48 random bits. Sorting deliveries by id is sorting
 * them by when this node made them, on every database.
 */
final class TimeSortedIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TimeSortedIds() {
    }

    static String next(String prefix, long now) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return prefix + "_" + String.format("%012x%06x", now, SEQUENCE.getAndIncrement() & 0xffffff) + HexFormat.of().formatHex(random);
    }
}
