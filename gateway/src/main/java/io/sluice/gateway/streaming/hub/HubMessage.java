package io.sluice.gateway.streaming.hub;

import io.sluice.core.message.Structured;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message as a hub holds it: immutable, shared by every subscriber, so the wire encodings that do not depend on
 * the connection (an SSE frame, a text payload) are computed once per message and not once per subscriber.
 *
 * <p>Ids are assigned by the hub at publish time and increase by one per message, so a gap between two ids a
 * subscriber saw means messages it did not get. The parts of one published batch get consecutive ids and share
 * {@link #batchFirstId()}.
 */
public final class HubMessage {

    /** A message before the hub gave it an id. */
    public record Draft(byte[] body, Map<String, String> metadata, String event) {
        public Draft {
            if (body == null) throw new IllegalArgumentException("body is required");
            metadata = metadata == null ? Map.of() : metadata;
        }

        public static Draft of(String text) {
            return new Draft(text.getBytes(StandardCharsets.UTF_8), Map.of(), null);
        }
    }

    private final long id;
    private final byte[] body;
    private final Map<String, String> metadata;
    private final String event;
    private final long batchFirstId;
    private final int batchSize;

    // Encodings, computed at most a few times under benign races and then shared.
    private volatile String text;
    private volatile byte[] sseFrame;
    private volatile String envelope;
    /** The payload parsed as JSON (a shared, read-only value), {@link #NOT_JSON}, or null before the first parse. */
    private volatile Object json;
    private static final Object NOT_JSON = new Object();

    public HubMessage(long id, byte[] body, Map<String, String> metadata, String event, long batchFirstId, int batchSize) {
        this.id = id;
        this.body = body;
        this.metadata = metadata == null ? Map.of() : metadata;
        this.event = event;
        this.batchFirstId = batchFirstId;
        this.batchSize = batchSize;
    }

    public long id() { return id; }
    /** The payload; callers must not modify it. */
    public byte[] body() { return body; }
    public Map<String, String> metadata() { return metadata; }
    /** SSE event name, or null for none. */
    public String event() { return event; }
    public long batchFirstId() { return batchFirstId; }
    public int batchSize() { return batchSize; }
    public long batchLastId() { return batchFirstId + batchSize - 1; }

    /**
     * The payload parsed as JSON, once per message whatever the number of connections reading it (subscriber filters
     * and projections); null when it is not JSON. Callers must treat the value as read-only: it is shared.
     */
    public Object json() {
        Object j = json;
        if (j == null) {
            try {
                j = Structured.parseJson(body);
                if (j == null) j = NOT_JSON; // the JSON text "null": nothing to filter on either
            } catch (RuntimeException notJson) {
                j = NOT_JSON;
            }
            json = j;
        }
        return j == NOT_JSON ? null : j;
    }

    public String text() {
        String t = text;
        if (t == null) text = t = new String(body, StandardCharsets.UTF_8);
        return t;
    }

    /** The message as one Server-Sent Events frame: {@code id:}, {@code event:}, one {@code data:} line per line of payload. */
    public byte[] sseFrame() {
        byte[] f = sseFrame;
        if (f == null) sseFrame = f = encodeSse();
        return f;
    }

    /**
     * The message as a JSON text with its id, for WebSocket clients that want to resume:
     * {@code {"id":42,"data":<payload>}}, the payload embedded as JSON when it is JSON, else as a string.
     */
    public String envelope() {
        String e = envelope;
        if (e == null) {
            StringBuilder sb = new StringBuilder(body.length + 24).append("{\"id\":").append(id).append(",\"data\":");
            boolean json;
            try {
                Structured.parseJson(body);
                json = true;
            } catch (RuntimeException notJson) {
                json = false;
            }
            if (json) sb.append(text().strip()); else Structured.quote(sb, text());
            envelope = e = sb.append('}').toString();
        }
        return e;
    }

    private byte[] encodeSse() {
        StringBuilder sb = new StringBuilder(body.length + 48);
        sb.append("id: ").append(id).append('\n');
        if (event != null && !event.isEmpty()) sb.append("event: ").append(event).append('\n');
        String payload = text();
        int start = 0;
        // Every line of the payload becomes a data line; CRLF, CR and LF all end a line in SSE.
        for (int i = 0; i <= payload.length(); i++) {
            boolean end = i == payload.length();
            char c = end ? 0 : payload.charAt(i);
            if (end || c == '\n' || c == '\r') {
                sb.append("data: ").append(payload, start, i).append('\n');
                if (!end && c == '\r' && i + 1 < payload.length() && payload.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HubMessage{" + id + ": " + text() + "}";
    }
}
