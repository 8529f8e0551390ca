package io.sluice.gateway.streaming;

import io.vertx.core.http.HttpServerRequest;

/**
 * A request that reached a stream endpoint.
 *
 * @param request   the client's request, still paused and unanswered; the endpoint answers it (or upgrades it to a
 *                  WebSocket) exactly once
 * @param principal what the host learned about the caller (inside the gateway: the authenticated identity of the
 *                  request's key), passed untouched to {@link DeliveryGuard#onConnect}; null when standalone
 */
public record StreamRequest(HttpServerRequest request, Object principal) {

    public static StreamRequest anonymous(HttpServerRequest request) {
        return new StreamRequest(request, null);
    }
}
