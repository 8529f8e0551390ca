package io.sluice.gateway.streaming.edge;

import io.sluice.core.message.Structured;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-Sent Events on {@code stream_path}: one event per message with {@code id:} (for {@code Last-Event-ID}),
 * {@code event:} and {@code data:} lines, a comment as heartbeat, a comment when messages were dropped for this
 * client, and {@code event: error} before the server ends the stream for a reason the client should know.
 */
final class SseConnection extends ConsumerConnection {
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);
    private final HttpServerResponse response;
    private long reportedDropped;

    SseConnection(OutputEdge edge, Context context, DeliveryGuard.Session session, HttpServerResponse response) {
        super(edge, context, session);
        this.response = response;
    }

    void start(Long resumeAfter) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> transportClosed());
        response.exceptionHandler(e -> transportClosed());
        response.drainHandler(v -> pump());
        response.write(Buffer.buffer(": connected\n\n"));
        open(resumeAfter);
    }

    @Override
    protected void onOpen() {
        if (sub.missedOnResume() > 0) {
            response.write(Buffer.buffer(": missed " + sub.missedOnResume() + " messages that had left the retained window\n\n"));
            reportedDropped = sub.missedOnResume();
        }
    }

    @Override
    protected boolean writable() {
        return !response.writeQueueFull();
    }

    @Override
    protected void deliver(List<HubMessage> batch) {
        Buffer out = Buffer.buffer();
        long dropped = sub.dropped();
        if (dropped > reportedDropped) {
            out.appendString(": dropped " + (dropped - reportedDropped) + " messages for this slow client\n\n");
            reportedDropped = dropped;
        }
        for (HubMessage m : batch) out.appendBytes(m.sseFrame());
        response.write(out);
    }

    @Override
    protected void heartbeat() {
        if (writable()) response.write(Buffer.buffer(HEARTBEAT));
    }

    @Override
    protected void end(Ending why, String reason) {
        if (response.ended() || response.closed()) return;
        if (why != Ending.STREAM_STOPPED) {
            StringBuilder data = new StringBuilder("{\"error\":");
            Structured.quote(data, reason);
            data.append('}');
            response.write(Buffer.buffer("event: error\ndata: " + data + "\n\n"));
        }
        response.end();
    }
}
