package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.SubscriberFilter;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.sluice.gateway.streaming.hub.Subscription;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One consumer of a stream output (a WebSocket, an SSE or raw stream, or a GET waiting for its message), living on the
 * event loop of its connection. Everything here runs on that loop; the hub reaches it only through a
 * {@link LoopBridge} waker that schedules {@link #pump()}.
 *
 * <p>The pump takes messages from the subscription only while the connection can write without queueing (Vert.x'
 * write queue not full), so a slow client leaves its messages in the hub, where its slow-consumer policy applies to
 * it alone; a drain of the connection pumps again. Each batch is shown to the host's {@link DeliveryGuard.Session}
 * before it is written, one at a time, keeping the order.
 */
abstract class ConsumerConnection {

    /** Why a connection is ended by the server. */
    enum Ending {
        /** Fell behind more than its buffer under the disconnect policy. */
        SLOW_CONSUMER,
        /** The hub closed: the stream stopped. */
        STREAM_STOPPED,
        /** The host's guard closed it (key deleted, quota exhausted, ...). */
        GUARD,
        /** The peer stopped answering keep-alives, or a GET waited too long. */
        TIMEOUT,
        /** This node cannot serve the stream for now (a cluster node that lost Redis): resume elsewhere or later. */
        UNAVAILABLE
    }

    protected final OutputEdge edge;
    protected final Context context;
    protected final DeliveryGuard.Session session;
    protected Subscription sub;
    private boolean closed;
    private boolean awaitingVerdict;
    private boolean pumping;
    private boolean pumpAgain;
    private long heartbeatTimer = -1;
    /** What this consumer asked to see (?filter=, ?fields=), or null for everything. */
    private SubscriberFilter filter;
    private String group;

    ConsumerConnection(OutputEdge edge, Context context, DeliveryGuard.Session session) {
        this.edge = edge;
        this.context = context;
        this.session = session;
    }

    /** Set before {@code start}: messages are filtered before the guard sees them, so limits count what is delivered. */
    final void filterWith(SubscriberFilter filter) {
        this.filter = filter;
    }

    /** Set before {@code start}: the consumer group this connection shares its messages with, or null for none. */
    final void inGroup(String group) {
        this.group = group;
    }

    /** Subscribes and starts delivering. On the connection's loop, after the transport is ready. */
    final void open(Long resumeAfter) {
        Runnable waker = edge.bridge().waker(context, this::pump);
        sub = group == null ? edge.hub().subscribe(resumeAfter, waker) : edge.groups().join(group, resumeAfter, waker);
        edge.connectionOpened(kind());
        LoopBridge.whenComplete(context, session.closeSignal(), ar -> {
            if (ar.succeeded()) terminate(Ending.GUARD, ar.result());
        });
        onOpen();
        long every = edge.settings().heartbeat().toMillis();
        if (every > 0 && wantsHeartbeat()) heartbeatTimer = context.owner().setPeriodic(every, id -> {
            if (!closed) heartbeat();
        });
        pump();
    }

    /** How the consumer reads, for the per-kind connection counters. */
    String kind() {
        return switch (this) {
            case WebSocketConnection w -> "websocket";
            case SseConnection s -> "sse";
            case RawStreamConnection r -> "stream";
            case NextMessageRequest n -> "get";
            default -> "other";
        };
    }

    /** Called once subscribed, before the first pump (e.g. to report messages missed on resume). */
    protected void onOpen() {
    }

    protected boolean wantsHeartbeat() {
        return true;
    }

    protected void heartbeat() {
    }

    /** True when a write now would not queue in Vert.x. */
    protected abstract boolean writable();

    /** Writes an allowed batch. */
    protected abstract void deliver(List<HubMessage> batch);

    /** Tells the client why the server ends the connection, if the protocol can, and closes the transport. */
    protected abstract void end(Ending why, String reason);

    /** The next batch to deliver, or an empty list. */
    protected List<HubMessage> take() {
        return sub.poll(edge.takePerCheck(session));
    }

    /**
     * The next batch with this consumer's filter applied. Messages it does not want are passed over here; after a
     * bounded number of rounds the loop yields and comes back, so a long run of unwanted messages cannot hold the
     * event loop.
     */
    private List<HubMessage> takeFiltered() {
        for (int round = 0; round < 64; round++) {
            List<HubMessage> batch = take();
            if (batch.isEmpty()) return batch;
            List<HubMessage> kept = filter.apply(batch);
            if (filter.failure() != null) {
                terminate(Ending.GUARD, filter.failure());
                return List.of();
            }
            if (!kept.isEmpty()) return kept;
        }
        context.runOnContext(v -> pump());
        return List.of();
    }

    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Delivers what is available, while the connection can take it. On the connection's loop only.
     *
     * <p>Not re-entered: a write can call back into us on the same stack (a flush frees the socket, the connection
     * turns writable and Vert.x calls the drain handler), and a nested pump would write its messages while the outer
     * one is half-way through a batch, out of order. A nested call only asks the running pump to go round again.
     */
    final void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                deliverAvailable();
            } while (pumpAgain && !closed);
        } finally {
            pumping = false;
        }
    }

    private void deliverAvailable() {
        while (!closed && !awaitingVerdict) {
            String reason = sub.closeReason();
            if (reason != null) {
                terminate(sub.slowConsumer() ? Ending.SLOW_CONSUMER : sub.unavailable() ? Ending.UNAVAILABLE : Ending.STREAM_STOPPED, reason);
                return;
            }
            if (!writable()) return;
            List<HubMessage> batch = filter == null ? take() : takeFiltered();
            if (batch.isEmpty()) {
                // A close may have raced with the empty poll; the waker brings us back for anything else.
                if (sub.closeReason() != null) continue;
                return;
            }
            var verdict = session.beforeDeliver(batch.size());
            if (verdict.isComplete()) {
                settle(batch, verdict);
            } else {
                awaitingVerdict = true;
                LoopBridge.whenComplete(context, verdict, ar -> {
                    awaitingVerdict = false;
                    if (closed) {
                        sub.release(batch);
                        return;
                    }
                    settle(batch, ar);
                    pump();
                });
                return;
            }
        }
    }

    private void settle(List<HubMessage> batch, AsyncResult<DeliveryGuard.Verdict> verdict) {
        if (verdict.failed()) {
            sub.release(batch);
            terminate(Ending.GUARD, "delivery check failed");
            return;
        }
        switch (verdict.result()) {
            case DeliveryGuard.Verdict.Allow allow -> {
                deliver(batch);
                edge.delivered(kind(), session, batch);
            }
            case DeliveryGuard.Verdict.Skip skip -> {
                sub.release(batch);
                edge.skipped(batch.size());
            }
            case DeliveryGuard.Verdict.Close close -> {
                sub.release(batch);
                terminate(Ending.GUARD, close.reason());
            }
        }
    }

    /** The server ends the connection. Idempotent. */
    protected final void terminate(Ending why, String reason) {
        if (closed) return;
        closed = true;
        cleanup();
        if (why == Ending.SLOW_CONSUMER) edge.slowConsumerDisconnected(kind());
        end(why, reason);
    }

    /** The transport closed under us (client left, network error). Idempotent. */
    protected final void transportClosed() {
        if (closed) return;
        closed = true;
        cleanup();
    }

    private void cleanup() {
        if (heartbeatTimer >= 0) context.owner().cancelTimer(heartbeatTimer);
        if (sub != null) {
            sub.close();
            edge.connectionClosed(sub, kind());
        }
        session.release();
    }

    /** Close reasons of WebSocket frames are limited to 123 bytes. */
    static String shortReason(String reason) {
        if (reason == null) return "";
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= 123) return reason;
        String s = reason;
        while (s.getBytes(StandardCharsets.UTF_8).length > 120) s = s.substring(0, s.length() - 1);
        return s + "...";
    }
}
