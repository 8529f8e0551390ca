package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.session.AccessDefinition;

/**
 * The key must list this API in {@code access_rights} (a key listing no API at all may use every API, as in Tyk),
 * and when the entry has {@code allowed_urls}, the path below the listen path and the method must match one.
 */
public final class AccessRightsStep implements Step {

    @Override
    public void handle(Exchange exchange, Continuation next) {
        var identity = exchange.identity();
        if (identity == null || identity.session().accessRights().isEmpty()) {
            next.proceed();
            return;
        }
        AccessDefinition access = identity.session().accessRights().get(exchange.api().id());
        if (access == null) {
            exchange.fail(403, ErrorMessages.ACCESS_DISALLOWED);
            return;
        }
        if (!access.allowsPath(exchange.relativePath(), exchange.request().method().name())) {
            exchange.fail(403, ErrorMessages.RESOURCE_DISALLOWED);
            return;
        }
        next.proceed();
    }
}
