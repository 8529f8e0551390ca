package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.Exchange;

/**
 * One concern of request processing (authentication, rate limit, ...). A step either answers the exchange
 * ({@link Exchange#fail}) or calls {@code next.proceed()}; it never blocks. See {@link MiddlewareChain} for the order.
 */
public interface Step {

    void handle(Exchange exchange, Continuation next);
}
