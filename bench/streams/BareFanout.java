import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline of bench/streams: the least a broadcaster can do on this machine with the same Vert.x and the same
 * number of event loops as the gateway. Every {@code interval} ms it makes {@code {"ts":<epoch ns>,"n":<counter>}} and
 * writes it to every connected WebSocket ({@code /ws}, text frame) and SSE response ({@code /sse}, {@code id:} and
 * {@code data:} lines), each on its own event loop. Flushes are coalesced per event-loop task as in the gateway. No engine, no hub, no authentication, no buffers,
 * no slow-consumer policy: what the gateway adds is the difference between its run and this one.
 *
 * <p>Usage: {@code java BareFanout PORT INTERVAL_MS}
 */
public final class BareFanout {

    /** The connections of one event loop; written only on that loop. */
    static final class Loop extends AbstractVerticle {
        final List<ServerWebSocket> sockets = new ArrayList<>();
        final List<HttpServerResponse> streams = new ArrayList<>();
        final int port;

        Loop(int port) {
            this.port = port;
        }

        @Override
        public void start() {
            LOOPS.add(this);
            vertx.createHttpServer().requestHandler(req -> {
                coalesceFlushes(req.connection());
                if (req.path().equals("/ws")) {
                    req.toWebSocket().onSuccess(ws -> {
                        sockets.add(ws);
                        ws.closeHandler(v -> sockets.remove(ws));
                    });
                    return;
                }
                HttpServerResponse r = req.response();
                r.setChunked(true).putHeader("Content-Type", "text/event-stream").write(": connected\n\n");
                streams.add(r);
                r.closeHandler(v -> streams.remove(r));
            }).listen(port, "127.0.0.1");
        }

        void broadcast(String json, long id) {
            Buffer sse = Buffer.buffer("id: " + id + "\ndata: " + json + "\n\n");
            for (ServerWebSocket ws : sockets) if (!ws.writeQueueFull()) ws.writeTextMessage(json);
            for (HttpServerResponse r : streams) if (!r.writeQueueFull()) r.write(sse);
        }

        /** As the gateway does: one socket write per connection per event-loop task, not one per frame. */
        static void coalesceFlushes(HttpConnection c) {
            if (c instanceof ConnectionBase base && base.channel().pipeline().get("flush") == null) {
                base.channel().pipeline().addFirst("flush", new FlushConsolidationHandler(64, true));
            }
        }

        Context ctx() {
            return context;
        }
    }

    static final List<Loop> LOOPS = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long intervalMs = Long.parseLong(args[1]);
        Vertx vertx = Vertx.vertx();
        int loops = Runtime.getRuntime().availableProcessors(); // as the gateway does
        for (int i = 0; i < loops; i++) {
            vertx.deployVerticle(new Loop(port), new DeploymentOptions()).toCompletionStage().toCompletableFuture().get();
        }
        System.out.println("READY");
        Ticks.every(intervalMs, (id, json) -> {
            for (Loop loop : LOOPS) loop.ctx().runOnContext(v -> loop.broadcast(json, id));
        });
    }
}
