package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;

/**
 * Allow and block lists of OAS operations: a blocked operation is refused; once any operation is on the allow list,
 * everything not on it is refused.
 */
public final class EndpointAccessStep implements Step {

    private final boolean allowListInUse;

    public EndpointAccessStep(boolean allowListInUse) {
        this.allowListInUse = allowListInUse;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        var middleware = exchange.operationMiddleware();
        if (middleware.block() || (allowListInUse && !middleware.allow())) {
            exchange.fail(403, ErrorMessages.ENDPOINT_FORBIDDEN);
            return;
        }
        next.proceed();
    }
}
