package io.sluice.gateway.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.services.SessionLookup;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.session.Session;
import io.vertx.core.Future;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JWT authentication as in Tyk: the token is verified, its identity claim ({@code identityBaseField}, default
 * {@code sub}) names the session, and the policies come from the claim {@code policyFieldName} (default {@code pol})
 * or the scheme's {@code defaultPolicies}. The session is stored under the identity, so its quota and rate limit
 * hold across tokens of the same subject. Without a {@code source}, the token's {@code kid} names a key whose
 * {@code jwt_data.secret} verifies it.
 */
public final class JwtAuthenticator implements Authenticator {

    private final SecurityScheme.Jwt scheme;
    private final GatewayServices services;
    private final JwtVerifier verifier;

    public JwtAuthenticator(SecurityScheme.Jwt scheme, GatewayServices services, JwtVerifier verifier) {
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
        JwtVerifier.Skews skews = new JwtVerifier.Skews(scheme.issuedAtSkew(), scheme.notBeforeSkew(), scheme.expiresAtSkew());
        String orgId = exchange.api().orgId();
        return sourceFor(token, orgId)
                .compose(source -> verifier.verify(token, source, scheme.signingMethod(), skews))
                .compose(claims -> sessionFor(claims, orgId));
    }

    private Future<String> sourceFor(String token, String orgId) {
        if (!scheme.source().isEmpty()) {
            return Future.succeededFuture(scheme.source());
        }
        String kid;
        try {
            kid = SignedJWT.parse(token).getHeader().getKeyID();
        } catch (ParseException e) {
            return Future.failedFuture(new AuthFailure(403, "Key not authorized"));
        }
        if (kid == null) {
            return Future.failedFuture(new AuthFailure(403, "Key not authorized"));
        }
        return services.sessions().findFirst(services.hasher().lookupIds(kid, orgId)).map(found -> found
                .map(identity -> identity.session().jwtData().secret())
                .filter(secret -> !secret.isEmpty())
                .orElseThrow(() -> new AuthFailure(403, "Key not authorized")));
    }

    private Future<Identity> sessionFor(JWTClaimsSet claims, String orgId) {
        String identity = claimText(claims, scheme.identityBaseField());
        if (identity == null) {
            identity = claimText(claims, "sub");
        }
        if (identity == null) {
            return Future.failedFuture(new AuthFailure(403, "Key not authorized: no identity in token"));
        }
        List<String> policies = claimList(claims, scheme.policyFieldName());
        if (policies.isEmpty()) {
            policies = scheme.defaultPolicies();
        }
        List<String> wanted = policies;
        // A session made here is stored as Tyk stores it: under the identity's key in the API's org.
        String newHash = services.hasher().storageId(services.hasher().token(orgId, identity));
        return findStored(services.hasher().lookupIds(identity, orgId), 0).compose(found -> {
            String keyHash = found.map(Map.Entry::getKey).orElse(newHash);
            Optional<Session> stored = found.map(Map.Entry::getValue);
            Session session;
            Future<Void> saved = Future.succeededFuture();
            if (stored.isPresent() && (wanted.isEmpty() || stored.get().policyIds().equals(wanted))) {
                session = stored.get();
            } else if (!wanted.isEmpty()) {
                session = (stored.isPresent() ? stored.get().toBuilder() : Session.builder()).policies(wanted.toArray(String[]::new)).build();
                saved = services.storage().keys().save(keyHash, session);
            } else {
                return Future.failedFuture(new AuthFailure(403, "Key not authorized: no matching policy found"));
            }
            Session stable = session;
            return saved.map(v -> {
                try {
                    return new Identity(keyHash, services.sessions().effective(stable));
                } catch (SessionLookup.UnusableSessionException e) {
                    throw new AuthFailure(403, "Key not authorized: no matching policy found");
                }
            });
        });
    }

    /** The stored session (without policies applied: they may be replaced) under the first id that has one. */
    private Future<Optional<Map.Entry<String, Session>>> findStored(List<String> ids, int index) {
        if (index >= ids.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        return services.storage().keys().find(ids.get(index)).compose(found -> found.isPresent()
                ? Future.succeededFuture(Optional.of(Map.entry(ids.get(index), found.get())))
                : findStored(ids, index + 1));
    }

    private static String claimText(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static List<String> claimList(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        List<String> ids = new ArrayList<>();
        if (value instanceof Collection<?> many) {
            many.forEach(v -> ids.add(String.valueOf(v)));
        } else if (value != null && !value.toString().isBlank()) {
            ids.add(value.toString());
        }
        return ids;
    }
}
