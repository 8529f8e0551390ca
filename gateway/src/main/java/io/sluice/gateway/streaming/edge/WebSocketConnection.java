package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;

/**
 * A WebSocket on {@code ws_path}: one frame per message (binary, text, or a JSON envelope carrying the id), pings as
 * keep-alive (a peer silent for two periods is closed), close code 1008 with the reason when the server drops a slow
 * or refused consumer, 1001 when the stream stops, 1012 when this node cannot serve it for now (resume elsewhere).
 */
final class WebSocketConnection extends ConsumerConnection {
    private static final Buffer PING = Buffer.buffer("sluice");
    private final ServerWebSocket ws;
    private long lastHeard = System.nanoTime();

    WebSocketConnection(OutputEdge edge, Context context, DeliveryGuard.Session session, ServerWebSocket ws) {
        super(edge, context, session);
        this.ws = ws;
    }

    void start(Long resumeAfter) {
        ws.closeHandler(v -> transportClosed());
        ws.exceptionHandler(e -> transportClosed());
        ws.drainHandler(v -> pump());
        ws.frameHandler(f -> lastHeard = System.nanoTime());
        ws.pongHandler(b -> lastHeard = System.nanoTime());
        open(resumeAfter);
    }

    @Override
    protected boolean writable() {
        return !ws.writeQueueFull();
    }

    @Override
    protected void deliver(List<HubMessage> batch) {
        ConsumerSettings s = edge.settings();
        for (HubMessage m : batch) {
            if (s.wsEnvelope()) ws.writeTextMessage(m.envelope());
            else if (s.wsText()) ws.writeTextMessage(m.text());
            else ws.writeBinaryMessage(Buffer.buffer(m.body()));
        }
    }

    @Override
    protected void heartbeat() {
        long silentMs = (System.nanoTime() - lastHeard) / 1_000_000;
        if (silentMs > 2 * edge.settings().heartbeat().toMillis() + 1000) {
            terminate(Ending.TIMEOUT, "keep-alive timeout");
            return;
        }
        ws.writePing(PING);
    }

    @Override
    protected void end(Ending why, String reason) {
        if (ws.isClosed()) return;
        short code = switch (why) {
            case SLOW_CONSUMER, GUARD -> 1008;
            case STREAM_STOPPED -> 1001;
            case TIMEOUT -> 1001;
            case UNAVAILABLE -> 1012; // "service restart": come back (to this or another node) and resume
        };
        ws.close(code, shortReason(reason));
    }
}
