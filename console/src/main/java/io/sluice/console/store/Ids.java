package io.sluice.console.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Ids that sort by creation time: a prefix naming the kind ({@code evt_}, {@code dlv_}), the milliseconds in hex and 64
 * random bits. Sorting deliveries by id is sorting them by when they were made, on every database.
 */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String next(String prefix, long now) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return prefix + "_" + String.format("%012x", now) + HexFormat.of().formatHex(random);
    }
}
