package io.sluice.gateway.streaming;

import io.vertx.core.Handler;

import java.util.Set;

/**
 * One HTTP endpoint of a stream component, to be served by a {@link StreamRoutes} host.
 *
 * @param path        where it is served: an absolute path when standalone, a path below the API's listen path inside
 *                    the gateway. A path ending in "/" also serves every path below it.
 * @param kind        what the endpoint does with a request, so that the host can pick its middleware (e.g. no body
 *                    size limit for a WebSocket upgrade, no response timeout for a long-lived stream)
 * @param methods     the HTTP methods it answers (informative: the handler itself answers 405 to others)
 * @param description one line for logs and API docs
 * @param handler     called on the event loop that owns the request; must not block
 */
public record StreamEndpoint(String path, Kind kind, Set<String> methods, String description, Handler<StreamRequest> handler) {

    public enum Kind {
        /** One request, one answer: a POST into the stream, or a GET of the next message. */
        REQUEST,
        /** A long-lived response: Server-Sent Events or a raw line stream. */
        STREAM,
        /** A WebSocket upgrade; the connection lives on after the upgrade. */
        WEBSOCKET
    }

    public StreamEndpoint {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("endpoint path must start with '/': " + path);
        methods = Set.copyOf(methods);
    }
}
