package io.sluice.gateway.auth;

import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.session.Identity;
import io.vertx.core.Future;

/** One authentication method. Completes with the caller's identity, or fails with {@link AuthFailure}. */
public interface Authenticator {

    Future<Identity> authenticate(Exchange exchange);
}
