package io.sluice.bloblang.lib.methods;

import java.io.ByteArrayOutputStream;

/** ASCII85 as Go's encoding/ascii85 (no delimiters, {@code z} for four zero bytes). */
final class Ascii85 {
    private Ascii85() {
    }

    static String encode(byte[] src) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < src.length) {
            int n = Math.min(4, src.length - i);
            long v = 0;
            for (int k = 0; k < 4; k++) v = (v << 8) | (k < n ? src[i + k] & 0xff : 0);
            if (v == 0 && n == 4) {
                sb.append('z');
            } else {
                char[] out = new char[5];
                for (int k = 4; k >= 0; k--) {
                    out[k] = (char) ('!' + v % 85);
                    v /= 85;
                }
                sb.append(out, 0, n + 1);
            }
            i += 4;
        }
        return sb.toString();
    }

    static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long v = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) continue;
            if (c == 'z' && n == 0) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(0);
                continue;
            }
            if (c < '!' || c > 'u') throw new IllegalArgumentException("illegal ascii85 data at input byte " + i);
            v = v * 85 + (c - '!');
            n++;
            if (n == 5) {
                for (int k = 3; k >= 0; k--) out.write((int) (v >>> (8 * k)) & 0xff);
                v = 0;
                n = 0;
            }
        }
        if (n > 0) {
            for (int k = n; k < 5; k++) v = v * 85 + 84;
            for (int k = 3; k > 3 - (n - 1); k--) out.write((int) (v >>> (8 * k)) & 0xff);
        }
        return out.toByteArray();
    }
}
