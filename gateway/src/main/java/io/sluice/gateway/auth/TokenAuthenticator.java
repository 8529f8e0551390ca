package io.sluice.gateway.auth;

import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.Identity;
import io.vertx.core.Future;

/**
 * Tyk's auth token: the credential is the key itself. An unknown key gets the same answer as a key without access
 * to the API, so callers cannot probe which keys exist.
 */
public final class TokenAuthenticator implements Authenticator {

    private final SecurityScheme.AuthToken scheme;
    private final GatewayServices services;

    public TokenAuthenticator(SecurityScheme.AuthToken scheme, GatewayServices services) {
        this.scheme = scheme;
        this.services = services;
    }

    @Override
    public Future<Identity> authenticate(Exchange exchange) {
        String credential = CredentialReader.read(exchange.request(), scheme.sources());
        if (credential == null) {
            return Future.failedFuture(new AuthFailure(401, ErrorMessages.AUTH_FIELD_MISSING));
        }
        String key = CredentialReader.stripBearer(credential);
        return services.sessions().findFirst(services.hasher().lookupIds(key, exchange.api().orgId())).map(found ->
                found.orElseThrow(() -> new AuthFailure(403, ErrorMessages.ACCESS_DISALLOWED)));
    }
}
