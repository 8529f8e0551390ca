package io.sluice.bloblang.lib.functions;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** Generators for the id functions ({@code uuid_v4}, {@code uuid_v7}, {@code nanoid}, {@code ksuid}). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String NANOID_ALPHABET = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long KSUID_EPOCH = 1_400_000_000L;

    private Ids() {
    }

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final long SNOWFLAKE_EPOCH = 1288834974657L;

    /** A ULID: 48 bits of unix milliseconds and 80 random bits, Crockford base32 (26 characters) or hex. */
    static String ulid(long epochMillis, boolean hex, Random random) {
        byte[] b = new byte[16];
        for (int i = 0; i < 6; i++) b[i] = (byte) (epochMillis >>> (40 - 8 * i));
        byte[] r = new byte[10];
        random.nextBytes(r);
        System.arraycopy(r, 0, b, 6, 10);
        if (hex) return HexFormat.of().formatHex(b);
        return base32(b, CROCKFORD, 26);
    }

    /** A TypeID: optional prefix and underscore, then a UUIDv7 in lower case Crockford base32 (26 characters). */
    static String typeid(String prefix, long epochMillis) {
        String uuid = uuidV7(epochMillis).replace("-", "");
        String suffix = base32(HexFormat.of().parseHex(uuid), CROCKFORD.toLowerCase(Locale.ROOT), 26);
        return prefix.isEmpty() ? suffix : prefix + "_" + suffix;
    }

    /** 128 bits as {@code chars} base32 digits, most significant first (the leading digit holds 3 bits). */
    private static String base32(byte[] b, String alphabet, int chars) {
        BigInteger n = new BigInteger(1, b);
        char[] out = new char[chars];
        for (int i = chars - 1; i >= 0; i--) {
            out[i] = alphabet.charAt(n.intValue() & 31);
            n = n.shiftRight(5);
        }
        return new String(out);
    }

    /** Twitter-style snowflake ids: 41 bits of milliseconds since 2010-11-04, 10 bits of node, 12 bits of sequence. */
    static final class Snowflake {
        private final long node;
        private long lastMillis = -1;
        private long sequence;

        Snowflake(long node) {
            if (node < 0 || node > 1023) throw new IllegalArgumentException("node_id must be between 0 and 1023, got " + node);
            this.node = node;
        }

        synchronized String next() {
            long now = System.currentTimeMillis();
            if (now == lastMillis) {
                sequence = (sequence + 1) & 4095;
                if (sequence == 0) {
                    while (now <= lastMillis) now = System.currentTimeMillis();
                }
            } else {
                sequence = 0;
            }
            lastMillis = now;
            return Long.toString(((now - SNOWFLAKE_EPOCH) << 22) | (node << 12) | sequence);
        }
    }

    static String uuidV4() {
        return UUID.randomUUID().toString();
    }

    /** RFC 9562 version 7: 48 bits of unix milliseconds, then random bits. */
    static String uuidV7(long epochMillis) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        for (int i = 0; i < 6; i++) b[i] = (byte) (epochMillis >>> (40 - 8 * i));
        b[6] = (byte) ((b[6] & 0x0f) | 0x70);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (b[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (b[i] & 0xff);
        return new UUID(msb, lsb).toString();
    }

    /** A nanoid of {@code size} characters from {@code alphabet}, without modulo bias. */
    static String nanoid(int size, String alphabet) {
        if (alphabet.isEmpty() || alphabet.length() > 255) throw new IllegalArgumentException("alphabet must contain between 1 and 255 symbols");
        if (size <= 0) throw new IllegalArgumentException("size must be greater than zero");
        int mask = (2 << (31 - Integer.numberOfLeadingZeros((alphabet.length() - 1) | 1))) - 1;
        int step = (int) Math.ceil(1.6 * mask * size / alphabet.length());
        StringBuilder sb = new StringBuilder(size);
        byte[] bytes = new byte[step];
        while (true) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < step; i++) {
                int idx = bytes[i] & mask;
                if (idx < alphabet.length()) {
                    sb.append(alphabet.charAt(idx));
                    if (sb.length() == size) return sb.toString();
                }
            }
        }
    }

    /** A KSUID: 4 bytes of seconds since 2014-05-13 and 16 random bytes, base62 encoded to 27 characters. */
    static String ksuid(long epochSeconds) {
        byte[] b = new byte[20];
        long ts = epochSeconds - KSUID_EPOCH;
        b[0] = (byte) (ts >>> 24);
        b[1] = (byte) (ts >>> 16);
        b[2] = (byte) (ts >>> 8);
        b[3] = (byte) ts;
        byte[] payload = new byte[16];
        RANDOM.nextBytes(payload);
        System.arraycopy(payload, 0, b, 4, 16);
        BigInteger n = new BigInteger(1, b);
        StringBuilder sb = new StringBuilder();
        BigInteger base = BigInteger.valueOf(62);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(BASE62.charAt(qr[1].intValue()));
            n = qr[0];
        }
        while (sb.length() < 27) sb.append('0');
        return sb.reverse().toString();
    }
}
