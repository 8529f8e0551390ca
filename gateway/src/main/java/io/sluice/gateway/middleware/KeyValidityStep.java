package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;

/** Refuses inactive keys (403) and expired keys (401), as Tyk's key-expiry check does. */
public final class KeyValidityStep implements Step {

    @Override
    public void handle(Exchange exchange, Continuation next) {
        var identity = exchange.identity();
        if (identity == null) {
            next.proceed();
            return;
        }
        if (identity.session().inactive()) {
            exchange.fail(403, ErrorMessages.KEY_INACTIVE);
            return;
        }
        if (identity.session().isExpiredAt(System.currentTimeMillis() / 1000)) {
            exchange.fail(401, ErrorMessages.KEY_EXPIRED);
            return;
        }
        next.proceed();
    }
}
