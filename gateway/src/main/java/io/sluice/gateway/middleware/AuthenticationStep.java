package io.sluice.gateway.middleware;

import io.sluice.gateway.apidef.Authentication;
import io.sluice.gateway.apidef.CredentialSource;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.auth.AuthFailure;
import io.sluice.gateway.auth.Authenticator;
import io.sluice.gateway.auth.BasicAuthenticator;
import io.sluice.gateway.auth.CertificateAuthenticator;
import io.sluice.gateway.auth.CertificateBinding;
import io.sluice.gateway.auth.CredentialReader;
import io.sluice.gateway.auth.ExternalOAuthAuthenticator;
import io.sluice.gateway.auth.HmacAuthenticator;
import io.sluice.gateway.auth.JwtAuthenticator;
import io.sluice.gateway.auth.JwtVerifier;
import io.sluice.gateway.auth.TokenAuthenticator;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.services.SessionLookup;
import io.sluice.gateway.session.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the API's authentication methods; all must accept the request. The identity (and so the session whose
 * limits apply) comes from the {@code baseIdentityProvider} method, or the first one. A key bound to certificates
 * ({@code mtls_static_certificate_bindings}) is accepted only over a connection that presented one of them.
 */
public final class AuthenticationStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationStep.class);
    private static final Map<String, Class<? extends SecurityScheme>> IDENTITY_PROVIDERS = Map.of(
            "auth_token", SecurityScheme.AuthToken.class,
            "certificate", SecurityScheme.CertificateAuth.class,
            "basic_auth_user", SecurityScheme.Basic.class,
            "jwt_claim", SecurityScheme.Jwt.class,
            "hmac_key", SecurityScheme.Hmac.class,
            "oauth_key", SecurityScheme.ExternalOAuth.class,
            "external_oauth", SecurityScheme.ExternalOAuth.class);

    private final Authentication authentication;
    private final List<Authenticator> authenticators;
    private final int identityIndex;
    private final List<CredentialSource> allSources;

    public AuthenticationStep(Authentication authentication, GatewayServices services, JwtVerifier jwtVerifier) {
        this.authentication = authentication;
        List<Authenticator> list = new ArrayList<>();
        List<CredentialSource> sources = new ArrayList<>();
        int chosen = 0;
        for (int i = 0; i < authentication.schemes().size(); i++) {
            SecurityScheme scheme = authentication.schemes().get(i);
            list.add(switch (scheme) {
                case SecurityScheme.AuthToken token -> new TokenAuthenticator(token, services);
                case SecurityScheme.Basic basic -> new BasicAuthenticator(basic, services);
                case SecurityScheme.Jwt jwt -> new JwtAuthenticator(jwt, services, jwtVerifier);
                case SecurityScheme.Hmac hmac -> new HmacAuthenticator(hmac, services);
                case SecurityScheme.ExternalOAuth oauth -> new ExternalOAuthAuthenticator(oauth, services, jwtVerifier);
                case SecurityScheme.CertificateAuth certificate -> new CertificateAuthenticator(certificate, services);
            });
            sources.addAll(scheme.sources());
            Class<? extends SecurityScheme> provider = IDENTITY_PROVIDERS.get(authentication.baseIdentityProvider());
            if (provider != null && provider.isInstance(scheme)) {
                chosen = i;
            }
        }
        this.authenticators = List.copyOf(list);
        this.identityIndex = chosen;
        this.allSources = List.copyOf(sources);
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        if (exchange.securityBypassed() || exchange.operationMiddleware().ignoreAuthentication()) {
            next.proceed();
            return;
        }
        runFrom(0, null, exchange, next);
    }

    private void runFrom(int index, Identity chosen, Exchange exchange, Continuation next) {
        if (index == authenticators.size()) {
            if (chosen != null && !CertificateBinding.holds(chosen.session(), exchange.request())) {
                exchange.fail(401, ErrorMessages.ACCESS_DISALLOWED);
                return;
            }
            exchange.identity(chosen);
            if (authentication.stripAuthorizationData()) {
                CredentialReader.strip(exchange, allSources);
            }
            next.proceed();
            return;
        }
        authenticators.get(index).authenticate(exchange).onComplete(result -> {
            if (result.succeeded()) {
                runFrom(index + 1, index == identityIndex ? result.result() : chosen, exchange, next);
            } else {
                refuse(exchange, result.cause());
            }
        });
    }

    private static void refuse(Exchange exchange, Throwable cause) {
        if (cause instanceof AuthFailure failure) {
            exchange.fail(failure.status(), failure.getMessage());
        } else if (cause instanceof SessionLookup.UnusableSessionException) {
            exchange.fail(403, ErrorMessages.ACCESS_DISALLOWED);
        } else {
            LOG.warn("Authentication for API {} failed: {}", exchange.api().id(), cause.toString());
            exchange.fail(500, "There was a problem authenticating the request");
        }
    }
}
