package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/** The dialect's plain {@code stream_path}: each message's payload followed by a newline, in one endless response. */
final class RawStreamConnection extends ConsumerConnection {
    private final HttpServerResponse response;

    RawStreamConnection(OutputEdge edge, Context context, DeliveryGuard.Session session, HttpServerResponse response) {
        super(edge, context, session);
        this.response = response;
    }

    void start(Long resumeAfter) {
        response.setChunked(true).putHeader("Content-Type", "application/octet-stream").putHeader("Cache-Control", "no-cache");
        response.closeHandler(v -> transportClosed());
        response.exceptionHandler(e -> transportClosed());
        response.drainHandler(v -> pump());
        response.write(Buffer.buffer()); // sends the head now, so the client knows it is subscribed
        open(resumeAfter);
    }

    @Override
    protected boolean wantsHeartbeat() {
        return false; // a raw stream has no way to say "nothing" that a line reader would not see as a message
    }

    @Override
    protected boolean writable() {
        return !response.writeQueueFull();
    }

    @Override
    protected void deliver(List<HubMessage> batch) {
        Buffer out = Buffer.buffer();
        for (HubMessage m : batch) out.appendBytes(m.body()).appendByte((byte) '\n');
        response.write(out);
    }

    @Override
    protected void end(Ending why, String reason) {
        if (!response.ended() && !response.closed()) response.end();
    }
}
