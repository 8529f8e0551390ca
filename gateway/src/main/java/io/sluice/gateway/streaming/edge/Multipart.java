package io.sluice.gateway.streaming.edge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** MIME multipart bodies (RFC 1341 / RFC 2046), the dialect's encoding of a batch in one HTTP body. */
public final class Multipart {

    private Multipart() {
    }

    /** One body part: its headers (names lower-cased) and bytes. */
    public record BodyPart(Map<String, String> headers, byte[] body) {
    }

    /** An encoded body and the Content-Type header that goes with it. */
    public record Encoded(String contentType, byte[] body) {
    }

    /** The boundary parameter of a multipart Content-Type, or null when it is not multipart. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) return null;
        String lower = contentType.toLowerCase(Locale.ROOT);
        if (!lower.trim().startsWith("multipart/")) return null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** Splits a multipart body into its parts; the preamble and epilogue are ignored. */
    public static List<BodyPart> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<BodyPart> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) throw new IllegalArgumentException("multipart body has no boundary '" + boundary + "'");
        while (true) {
            int afterDelim = pos + delimiter.length;
            if (afterDelim + 1 < body.length && body[afterDelim] == '-' && body[afterDelim + 1] == '-') break; // close delimiter
            int lineEnd = indexOf(body, new byte[]{'\n'}, afterDelim);
            if (lineEnd < 0) throw new IllegalArgumentException("multipart body ends inside a delimiter line");
            int partStart = lineEnd + 1;
            int next = indexOf(body, delimiter, partStart);
            if (next < 0) throw new IllegalArgumentException("multipart body has no closing boundary");
            // The CRLF before a delimiter belongs to the delimiter.
            int partEnd = next;
            if (partEnd > partStart && body[partEnd - 1] == '\n') partEnd--;
            if (partEnd > partStart && body[partEnd - 1] == '\r') partEnd--;
            parts.add(parsePart(Arrays.copyOfRange(body, partStart, Math.max(partStart, partEnd))));
            pos = next;
        }
        return parts;
    }

    private static BodyPart parsePart(byte[] raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 0;
        while (i < raw.length) {
            int end = indexOf(raw, new byte[]{'\n'}, i);
            if (end < 0) end = raw.length;
            int lineEnd = end > i && raw[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == i) {
                i = end + 1;
                return new BodyPart(headers, Arrays.copyOfRange(raw, Math.min(i, raw.length), raw.length));
            }
            String line = new String(raw, i, lineEnd - i, StandardCharsets.UTF_8);
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            i = end + 1;
        }
        return new BodyPart(headers, new byte[0]);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Encodes parts as {@code multipart/mixed}, each with its own Content-Type. */
    public static Encoded encode(List<byte[]> bodies, List<String> contentTypes) {
        String boundary = "sluice-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bodies.size(); i++) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: " + contentTypes.get(i) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bodies.get(i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Encoded("multipart/mixed; boundary=" + boundary, out.toByteArray());
    }
}
