package io.sluice.gateway.router;

import io.sluice.gateway.middleware.Exchange;

/**
 * What serves a request once the middleware chain has admitted it: the upstream proxy, a mock response, or a
 * handler mounted by an extension (the stream endpoints of a stream API). A handler must answer the exchange
 * exactly once, without blocking the event loop.
 */
public interface RouteHandler extends AutoCloseable {

    void handle(Exchange exchange);

    /** Called when the API is removed or replaced by a reload, after which no new request reaches the handler. */
    @Override
    default void close() {
    }
}
