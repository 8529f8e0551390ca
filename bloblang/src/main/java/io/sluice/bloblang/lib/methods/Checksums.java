package io.sluice.bloblang.lib.methods;

/** Checksums the JDK lacks: CRC-32 with any reflected polynomial, and XXH64. */
final class Checksums {
    private Checksums() {
    }

    /** Reflected polynomials named like Go's hash/crc32. */
    static int polynomial(String name) {
        return switch (name) {
            case "IEEE" -> 0xedb88320;
            case "Castagnoli" -> 0x82f63b78;
            case "Koopman" -> 0xeb31d82e;
            default -> throw new IllegalArgumentException("unsupported crc32 hash polynomial " + name);
        };
    }

    static int crc32(byte[] data, int poly) {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ poly : c >>> 1;
            table[i] = c;
        }
        int crc = 0xffffffff;
        for (byte b : data) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
        return ~crc;
    }

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    /** XXH64 with seed 0. */
    static long xxhash64(byte[] b) {
        int len = b.length;
        int i = 0;
        long h;
        if (len >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            while (i <= len - 32) {
                v1 = round(v1, le64(b, i));
                v2 = round(v2, le64(b, i + 8));
                v3 = round(v3, le64(b, i + 16));
                v4 = round(v4, le64(b, i + 24));
                i += 32;
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += len;
        while (i <= len - 8) {
            h ^= round(0, le64(b, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            i += 8;
        }
        if (i <= len - 4) {
            h ^= (le32(b, i) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        while (i < len) {
            h ^= (b[i] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            i++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long acc, long val) {
        acc ^= round(0, val);
        return acc * P1 + P4;
    }

    private static long le64(byte[] b, int i) {
        long v = 0;
        for (int k = 7; k >= 0; k--) v = (v << 8) | (b[i + k] & 0xff);
        return v;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
