package io.sluice.gateway.streaming.edge;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Makes the many writes of one pump cost one socket write.
 *
 * <p>Vert.x flushes every WebSocket frame and every chunk it is given when the write does not happen inside a read of
 * that connection, and a pump runs from the hub's wake-up, never inside a read: a pump that writes 20 messages to a
 * WebSocket would make 20 {@code write(2)} calls. At 1,000 subscribers × 100 msg/s those system calls were most of the
 * gateway's CPU and the cause of its tail latency. Netty's {@link FlushConsolidationHandler} at the head of the
 * connection's pipeline turns the flushes of one event-loop task into one, issued when the task ends, without
 * holding back a lone message (no timer, no threshold to wait for).
 *
 * <p>Vert.x has no public way to reach the pipeline, so this uses its connection implementation class; on any other
 * connection type it does nothing and delivery only costs more system calls.
 */
final class FlushCoalescing {
    static final String HANDLER_NAME = "sluice-flush-coalescing";
    /** Flush anyway after this many writes in one task, so a long pump does not build one huge pending write. */
    private static final int FLUSH_AFTER = 64;

    private FlushCoalescing() {
    }

    /** Installs the handler on the connection's channel, once; call on the connection's event loop. */
    static void install(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) return;
        Channel channel = base.channel();
        if (channel == null || !channel.isActive() || channel.pipeline().get(HANDLER_NAME) != null) return;
        channel.pipeline().addFirst(HANDLER_NAME, new FlushConsolidationHandler(FLUSH_AFTER, true));
    }
}
