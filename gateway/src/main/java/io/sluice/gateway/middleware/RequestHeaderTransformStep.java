package io.sluice.gateway.middleware;

import io.sluice.gateway.apidef.HeaderTransform;
import io.sluice.gateway.exchange.Exchange;
import io.vertx.core.MultiMap;

/** Removes and sets upstream request headers: the API-wide transform first, then the operation's (as in Tyk). */
public final class RequestHeaderTransformStep implements Step {

    private final HeaderTransform global;

    public RequestHeaderTransformStep(HeaderTransform global) {
        this.global = global;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        apply(global, exchange.upstreamHeaders());
        apply(exchange.operationMiddleware().requestHeaders(), exchange.upstreamHeaders());
        next.proceed();
    }

    public static void apply(HeaderTransform transform, MultiMap headers) {
        transform.remove().forEach(headers::remove);
        transform.add().forEach(h -> headers.set(h.name(), h.value()));
    }
}
