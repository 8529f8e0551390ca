package io.sluice.gateway.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A small OTLP/HTTP trace receiver for tests: accepts {@code POST /v1/traces} (protobuf) and keeps each span's ids,
 * parent and name. Reads the protobuf wire format directly: only the few fields a test looks at.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span; ids in lowercase hex, parent empty for a root. */
    public record Span(String traceId, String spanId, String parentSpanId, String name, int kind) {
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            request(body);
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Span> spans() {
        return spans;
    }

    // ExportTraceServiceRequest.resource_spans(1) > ResourceSpans.scope_spans(2) > ScopeSpans.spans(2) > Span
    private void request(byte[] b) {
        for (byte[] resourceSpans : fields(b, 1)) {
            for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                for (byte[] span : fields(scopeSpans, 2)) spans.add(span(span));
            }
        }
    }

    private static Span span(byte[] b) {
        String trace = "";
        String id = "";
        String parent = "";
        String name = "";
        int kind = 0;
        Reader r = new Reader(b);
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (type == 2) {
                byte[] v = r.bytes();
                switch (field) {
                    case 1 -> trace = HexFormat.of().formatHex(v);
                    case 2 -> id = HexFormat.of().formatHex(v);
                    case 4 -> parent = HexFormat.of().formatHex(v);
                    case 5 -> name = new String(v, StandardCharsets.UTF_8);
                    default -> { }
                }
            } else if (type == 0) {
                long v = r.varint();
                if (field == 6) kind = (int) v;
            } else {
                r.skip(type);
            }
        }
        return new Span(trace, id, parent, name, kind);
    }

    /** The LEN values of field {@code wanted} in a message. */
    private static List<byte[]> fields(byte[] message, int wanted) {
        List<byte[]> out = new ArrayList<>();
        Reader r = new Reader(message);
        while (r.more()) {
            long tag = r.varint();
            int type = (int) (tag & 7);
            if (type == 2) {
                byte[] v = r.bytes();
                if ((tag >>> 3) == wanted) out.add(v);
            } else if (type == 0) {
                r.varint();
            } else {
                r.skip(type);
            }
        }
        return out;
    }

    private static final class Reader {
        private final byte[] b;
        private int i;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return i < b.length;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[i++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) return v;
            }
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] v = Arrays.copyOfRange(b, i, i + n);
            i += n;
            return v;
        }

        void skip(int type) {
            switch (type) {
                case 1 -> i += 8;
                case 5 -> i += 4;
                default -> throw new IllegalStateException("wire type " + type + " not expected in a span");
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
