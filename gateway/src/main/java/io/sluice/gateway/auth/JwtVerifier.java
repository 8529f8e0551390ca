package io.sluice.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Future;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies JWTs with Nimbus JOSE+JWT. The key comes from a Tyk-style {@code source}: a (base64-encoded) shared
 * secret, a (base64-encoded) PEM public key or certificate, or a JWKS URL (fetched off the event loop, cached for
 * five minutes). The token's algorithm must belong to the configured signing method, so an RSA public key can never
 * be used as an HMAC secret.
 */
public final class JwtVerifier {

    private static final String NOT_AUTHORIZED = "Key not authorized";
    private static final long JWKS_CACHE_MILLIS = 5 * 60 * 1000;

    private final BlockingWork blocking;
    private final Map<String, CachedJwks> jwks = new ConcurrentHashMap<>();

    private record CachedJwks(JWKSet set, long fetchedAt) {
    }

    public record Skews(long issuedAt, long notBefore, long expiresAt) {
    }

    public JwtVerifier(BlockingWork blocking) {
        this.blocking = blocking;
    }

    public Future<JWTClaimsSet> verify(String token, String source, String signingMethod, Skews skews) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Future.failedFuture(new AuthFailure(403, NOT_AUTHORIZED));
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!familyOf(signingMethod).contains(algorithm)) {
            return Future.failedFuture(new AuthFailure(403, NOT_AUTHORIZED + ": unexpected signing method"));
        }
        String jwksUrl = jwksUrl(source);
        Future<JWSVerifier> verifier = jwksUrl != null
                ? jwksVerifier(jwksUrl, jwt.getHeader().getKeyID(), signingMethod)
                : Future.succeededFuture(staticVerifier(source, signingMethod));
        return verifier.map(v -> {
            try {
                if (v == null || !jwt.verify(v)) {
                    throw new AuthFailure(403, NOT_AUTHORIZED);
                }
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                checkTimes(claims, skews);
                return claims;
            } catch (JOSEException | ParseException e) {
                throw new AuthFailure(403, NOT_AUTHORIZED);
            }
        });
    }

    private static void checkTimes(JWTClaimsSet claims, Skews skews) {
        long now = System.currentTimeMillis() / 1000;
        Date exp = claims.getExpirationTime();
        if (exp != null && now > exp.getTime() / 1000 + skews.expiresAt()) {
            throw new AuthFailure(401, NOT_AUTHORIZED + ": token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skews.notBefore() < nbf.getTime() / 1000) {
            throw new AuthFailure(401, NOT_AUTHORIZED + ": token is not valid yet");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now + skews.issuedAt() < iat.getTime() / 1000) {
            throw new AuthFailure(401, NOT_AUTHORIZED + ": token used before issued");
        }
    }

    private static Set<JWSAlgorithm> familyOf(String signingMethod) {
        return switch (signingMethod.toLowerCase(Locale.ROOT)) {
            case "hmac" -> JWSAlgorithm.Family.HMAC_SHA;
            case "rsa" -> JWSAlgorithm.Family.RSA;
            case "ecdsa" -> JWSAlgorithm.Family.EC;
            default -> Set.of();
        };
    }

    /** Sources may be base64-encoded (as Tyk stores them) or plain. */
    private static String decodedText(String source) {
        try {
            return new String(Base64.getDecoder().decode(source.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return source;
        }
    }

    private static String jwksUrl(String source) {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            return source;
        }
        String decoded = decodedText(source);
        return decoded.startsWith("http://") || decoded.startsWith("https://") ? decoded.trim() : null;
    }

    private static JWSVerifier staticVerifier(String source, String signingMethod) {
        try {
            if (signingMethod.equalsIgnoreCase("hmac")) {
                byte[] secret;
                try {
                    secret = Base64.getDecoder().decode(source.trim());
                } catch (IllegalArgumentException notBase64) {
                    secret = source.getBytes(StandardCharsets.UTF_8);
                }
                return new MACVerifier(secret);
            }
            PublicKey key = publicKey(decodedText(source).contains("-----BEGIN") ? decodedText(source) : source);
            if (key instanceof RSAPublicKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECPublicKey ec) {
                return new ECDSAVerifier(ec);
            }
            return null;
        } catch (JOSEException | RuntimeException e) {
            // A secret shorter than the algorithm needs, or an unreadable key: no token can pass.
            return null;
        }
    }

    /** Reads "PUBLIC KEY" or "CERTIFICATE" PEM blocks (decoding only; the cryptography stays in the JDK and Nimbus). */
    static PublicKey publicKey(String pem) {
        try {
            if (pem.contains("BEGIN CERTIFICATE")) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
            }
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
            try {
                return KeyFactory.getInstance("RSA").generatePublic(spec);
            } catch (InvalidKeySpecException notRsa) {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable public key: " + e.getMessage(), e);
        }
    }

    private Future<JWSVerifier> jwksVerifier(String url, String keyId, String signingMethod) {
        CachedJwks cached = jwks.get(url);
        Future<JWKSet> set = cached != null && System.currentTimeMillis() - cached.fetchedAt() < JWKS_CACHE_MILLIS
                ? Future.succeededFuture(cached.set())
                : blocking.submit(() -> JWKSet.load(URI.create(url).toURL())).onSuccess(s -> jwks.put(url, new CachedJwks(s, System.currentTimeMillis())));
        return set.<JWSVerifier>map(keys -> {
            for (JWK key : keys.getKeys()) {
                if (keyId != null && !keyId.equals(key.getKeyID())) {
                    continue;
                }
                try {
                    if (key instanceof RSAKey rsa && signingMethod.equalsIgnoreCase("rsa")) {
                        return new RSASSAVerifier(rsa);
                    }
                    if (key instanceof ECKey ec && signingMethod.equalsIgnoreCase("ecdsa")) {
                        return new ECDSAVerifier(ec);
                    }
                } catch (JOSEException e) {
                    return null;
                }
            }
            return null;
        }).recover(e -> e instanceof AuthFailure ? Future.failedFuture(e) : Future.failedFuture(new AuthFailure(403, NOT_AUTHORIZED)));
    }
}
