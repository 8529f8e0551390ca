package io.sluice.core.connect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MIME multipart bodies (RFC 2046): written for batches sent as one request, read when a server
 * answers with a multipart response (each part becomes a message). The one codec connectors share.
 */
public final class Multipart {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Multipart() {
    }

    /** One part to write: its headers (name/value, in order) and bytes. */
    public record Section(List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /** A written body and the Content-Type header that announces it. */
    public record Body(byte[] bytes, String contentType) {
    }

    public static String newBoundary() {
        byte[] b = new byte[30];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static Body write(List<Section> sections) {
        return write(sections, newBoundary());
    }

    public static Body write(List<Section> sections, String boundary) {
        return write(sections, boundary, "form-data");
    }

    /** As {@link #write(List, String)}, announced as {@code multipart/<subtype>}, e.g. "mixed" for a batch of messages. */
    public static Body write(List<Section> sections, String boundary, String subtype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (Section s : sections) {
            out.writeBytes(((first ? "" : "\r\n") + "--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
            first = false;
            for (Map.Entry<String, String> h : s.headers()) {
                out.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(s.body());
        }
        out.writeBytes(((first ? "" : "\r\n") + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Body(out.toByteArray(), "multipart/" + subtype + "; boundary=" + boundary);
    }

    /** The boundary parameter of a multipart Content-Type, or null when it is not multipart. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) return null;
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) return null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** The bodies of the parts of a multipart body (part headers are read past). */
    public static List<byte[]> parse(byte[] body, String boundary) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) throw new IllegalArgumentException("multipart body without its boundary");
        while (true) {
            int after = pos + delim.length;
            if (startsWith(body, after, "--")) break; // the closing delimiter
            int lineEnd = indexOf(body, new byte[] {'\n'}, after);
            if (lineEnd < 0) break;
            int headersEnd = headersEnd(body, lineEnd + 1);
            if (headersEnd < 0) throw new IllegalArgumentException("multipart part without the end of its headers");
            int next = indexOf(body, delim, headersEnd);
            if (next < 0) throw new IllegalArgumentException("multipart body is not closed");
            int end = next;
            if (end > headersEnd && body[end - 1] == '\n') end--;
            if (end > headersEnd && body[end - 1] == '\r') end--;
            byte[] part = new byte[end - headersEnd];
            System.arraycopy(body, headersEnd, part, 0, part.length);
            out.add(part);
            pos = next;
        }
        return out;
    }

    /** The offset just after the blank line that ends the headers starting at {@code from}. */
    private static int headersEnd(byte[] b, int from) {
        int p = from;
        while (p < b.length) {
            if (b[p] == '\n') return p + 1;
            if (b[p] == '\r' && p + 1 < b.length && b[p + 1] == '\n') return p + 2;
            int nl = indexOf(b, new byte[] {'\n'}, p);
            if (nl < 0) return -1;
            p = nl + 1;
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) return false;
        for (int i = 0; i < s.length(); i++) if (b[at + i] != s.charAt(i)) return false;
        return true;
    }

    public static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
