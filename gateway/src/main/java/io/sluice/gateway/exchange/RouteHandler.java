package io.sluice.gateway.exchange;

/**
 * What serves a request once the middleware chain has admitted it: the upstream proxy, a mock response, or a
 * handler mounted by an extension (the stream endpoints of a stream API). A handler must answer the exchange
 * exactly once, without blocking the event loop.
 */
public interface RouteHandler extends AutoCloseable {

    void handle(Exchange exchange);

    /**
     * True when this handler counts the request's traffic against the key's rate limit and quota itself, unit by
     * unit (a stream endpoint counting each delivered message). The chain then does not count the request: the rate
     * limit is not taken and the quota is only checked (a key with no quota left is still refused with 403).
     */
    default boolean metersItself(Exchange exchange) {
        return false;
    }

    /** Called when the API is removed or replaced by a reload, after which no new request reaches the handler. */
    @Override
    default void close() {
    }
}
