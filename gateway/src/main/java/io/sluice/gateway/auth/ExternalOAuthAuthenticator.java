package io.sluice.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.AccessDefinition;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.session.KeyHasher;
import io.sluice.gateway.session.Session;
import io.vertx.core.Future;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.0 access tokens issued by an external authorization server (Tyk's "external OAuth"): each provider
 * validates the token either as a signed JWT (JWT-bearer) or by RFC 7662 token introspection. The identity field
 * of the token names the session: a key stored under that id if there is one, otherwise a session granting this
 * API with no limits of its own (the authorization server already decided the caller may in).
 */
public final class ExternalOAuthAuthenticator implements Authenticator {

    private static final String INVALID = "Key not authorized";
    private static final int CACHE_LIMIT = 10_000;

    private final SecurityScheme.ExternalOAuth scheme;
    private final GatewayServices services;
    private final JwtVerifier verifier;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, CachedIntrospection> introspected = new ConcurrentHashMap<>();

    private record CachedIntrospection(String identity, long validUntilMillis) {
    }

    public ExternalOAuthAuthenticator(SecurityScheme.ExternalOAuth scheme, GatewayServices services, JwtVerifier verifier) {
        this.scheme = scheme;
        this.services = services;
        this.verifier = verifier;
    }

    @Override
    public Future<Identity> authenticate(Exchange exchange) {
        String credential = CredentialReader.read(exchange.request(), scheme.sources());
        if (credential == null) {
            return Future.failedFuture(new AuthFailure(401, ErrorMessages.AUTH_FIELD_MISSING));
        }
        String token = CredentialReader.stripBearer(credential);
        return identityFrom(token, 0).compose(identity -> sessionFor(identity, exchange.api().id(), exchange.api().orgId()));
    }

    /** Tries the providers in order; the first that accepts the token wins. */
    private Future<String> identityFrom(String token, int index) {
        if (index >= scheme.providers().size()) {
            return Future.failedFuture(new AuthFailure(403, INVALID));
        }
        SecurityScheme.OAuthProvider provider = scheme.providers().get(index);
        Future<String> attempt;
        if (provider.jwt() != null && token.chars().filter(c -> c == '.').count() == 2) {
            var jwt = provider.jwt();
            attempt = verifier.verify(token, jwt.source(), jwt.signingMethod(),
                            new JwtVerifier.Skews(jwt.issuedAtSkew(), jwt.notBeforeSkew(), jwt.expiresAtSkew()))
                    .map(claims -> {
                        Object id = claims.getClaim(jwt.identityBaseField());
                        if (id == null) {
                            throw new AuthFailure(403, INVALID + ": no identity in token");
                        }
                        return id.toString();
                    });
        } else if (provider.introspection() != null) {
            attempt = introspect(token, provider.introspection());
        } else {
            attempt = Future.failedFuture(new AuthFailure(403, INVALID));
        }
        return attempt.recover(failure -> index + 1 < scheme.providers().size()
                ? identityFrom(token, index + 1)
                : Future.failedFuture(failure instanceof AuthFailure ? failure : new AuthFailure(403, INVALID)));
    }

    private Future<String> introspect(String token, SecurityScheme.Introspection settings) {
        String cacheKey = settings.url() + "#" + KeyHasher.sha256(token);
        CachedIntrospection cached = introspected.get(cacheKey);
        if (cached != null && cached.validUntilMillis() > System.currentTimeMillis()) {
            return Future.succeededFuture(cached.identity());
        }
        return services.blocking().submit(() -> {
            String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (!settings.clientId().isEmpty()) {
                String basic = settings.clientId() + ":" + settings.clientSecret();
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AuthFailure(403, INVALID);
            }
            return GatewayJson.MAPPER.readTree(response.body());
        }).map(answer -> {
            if (!answer.path("active").asBoolean(false)) {
                throw new AuthFailure(403, INVALID);
            }
            long exp = answer.path("exp").asLong(0);
            if (exp > 0 && exp < System.currentTimeMillis() / 1000) {
                throw new AuthFailure(401, INVALID + ": token has expired");
            }
            JsonNode id = answer.get(settings.identityBaseField());
            if (id == null || id.asText().isEmpty()) {
                throw new AuthFailure(403, INVALID + ": no identity in introspection response");
            }
            if (settings.cacheEnabled()) {
                long until = System.currentTimeMillis() + settings.cacheTimeoutSeconds() * 1000;
                if (exp > 0) {
                    until = Math.min(until, exp * 1000);
                }
                if (introspected.size() > CACHE_LIMIT) {
                    introspected.clear();
                }
                introspected.put(cacheKey, new CachedIntrospection(id.asText(), until));
            }
            return id.asText();
        });
    }

    private Future<Identity> sessionFor(String identity, String apiId, String orgId) {
        String keyHash = services.hasher().storageId(services.hasher().token(orgId, identity));
        return services.sessions().findFirst(services.hasher().lookupIds(identity, orgId)).map(found -> found.orElseGet(() ->
                new Identity(keyHash, Session.builder().access(apiId, AccessDefinition.forApi(apiId)).build())));
    }
}
