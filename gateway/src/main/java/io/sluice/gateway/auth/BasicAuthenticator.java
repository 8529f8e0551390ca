package io.sluice.gateway.auth;

import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.BasicAuthData;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.session.KeyHasher;
import io.vertx.core.Future;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP basic authentication against basic-auth keys: the user name is the key id, the password is checked against
 * the key's bcrypt hash. bcrypt is slow on purpose, so it runs off the event loop and a success is cached for the
 * scheme's {@code cacheTTL} (Tyk's default behaviour); the cache entry is bound to the stored hash, so changing the
 * password invalidates it.
 */
public final class BasicAuthenticator implements Authenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String NOT_AUTHORISED = "User not authorised";
    private static final int CACHE_LIMIT = 10_000;

    private final SecurityScheme.Basic scheme;
    private final GatewayServices services;
    private final Map<String, CachedCheck> verified = new ConcurrentHashMap<>();

    private record CachedCheck(String storedHash, long validUntilMillis) {
    }

    public BasicAuthenticator(SecurityScheme.Basic scheme, GatewayServices services) {
        this.scheme = scheme;
        this.services = services;
    }

    @Override
    public Future<Identity> authenticate(Exchange exchange) {
        String header = CredentialReader.read(exchange.request(), scheme.sources());
        if (header == null) {
            exchange.responseHeaders().set("WWW-Authenticate", "Basic realm=\"" + exchange.api().name() + "\"");
            return Future.failedFuture(new AuthFailure(401, "Authorization field missing"));
        }
        String[] credentials = decode(header);
        if (credentials == null) {
            return Future.failedFuture(new AuthFailure(400, "Attempted access with malformed header, header not in basic auth format."));
        }
        String password = credentials[1];
        return services.sessions().findFirst(services.hasher().lookupIds(credentials[0], exchange.api().orgId())).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new AuthFailure(401, NOT_AUTHORISED));
            }
            Identity identity = found.get();
            String keyHash = identity.keyHash();
            return passwordMatches(keyHash, identity.session().basicAuthData(), password)
                    .map(ok -> {
                        if (!ok) {
                            throw new AuthFailure(401, NOT_AUTHORISED);
                        }
                        return identity;
                    });
        });
    }

    private Future<Boolean> passwordMatches(String keyHash, BasicAuthData stored, String password) {
        if (stored.password().isEmpty()) {
            return Future.succeededFuture(false);
        }
        if (!"bcrypt".equalsIgnoreCase(stored.hashType())) {
            return Future.succeededFuture(KeyHasher.constantTimeEquals(stored.password(), password));
        }
        String cacheKey = keyHash + ":" + KeyHasher.sha256(password);
        CachedCheck cached = verified.get(cacheKey);
        if (cached != null && cached.storedHash().equals(stored.password()) && cached.validUntilMillis() > System.currentTimeMillis()) {
            return Future.succeededFuture(true);
        }
        return services.blocking().submit(() ->
                checkBcrypt(stored.password(), password))
                .onSuccess(ok -> {
                    if (ok && !scheme.disableCaching()) {
                        if (verified.size() > CACHE_LIMIT) {
                            verified.clear();
                        }
                        verified.put(cacheKey, new CachedCheck(stored.password(),
                                System.currentTimeMillis() + Math.max(1, scheme.cacheTtlSeconds()) * 1000L));
                    }
                });
    }

    /** "Basic base64(user:password)" into {user, password}, or null when malformed. */
    private static String[] decode(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** Hashes a new basic-auth password the way it is stored (bcrypt, cost 10 like Tyk). Blocking: call off the loop. */
    public static String hashPassword(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 10);
    }

    /** A bcrypt hash ($2a$, $2b$ or $2y$, as Go and Tyk write them) against a password; false for a malformed hash. */
    static boolean checkBcrypt(String hash, String password) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException | DataLengthException e) {
            return false;
        }
    }
}
