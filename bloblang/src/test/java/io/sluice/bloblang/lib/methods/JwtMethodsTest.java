package io.sluice.bloblang.lib.methods;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.eval;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT signing and parsing held against references we did not write: the examples of RFC 7515
 * (Appendix A.2, RS256, and A.3, ES256, with the RFC's keys), and tokens made and checked by Nimbus
 * JOSE+JWT. The documented examples of these methods run in {@code DocumentedExamplesTest}.
 */
class JwtMethodsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "hs256§eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.hUl-nngPMY_3h9vveWJUPsCcO5PeL6k9hWLnMYeFbFQ",
            "hs384§eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.zGYLr83aToon1efUNq-hw7XgT20lPvZb8sYei8x6S6mpHwb433SJdXJXx0Oio8AZ",
            "hs512§eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.zBNR9o_6EDwXXKkpKLNJhG26j8Dc-mV-YahBwmEdCrmiWt5les8I9rgmNlWIowpq6Yxs4kLNAdFhqoRz3NXT3w",
    })
    void hmacSignaturesMatchTheOriginal(String alg, String expected) throws Exception {
        assertThat(eval("root = this.sign_jwt_" + alg + "(\"dont-tell-anyone\")", Map.of("sub", "user123"))).isEqualTo(expected);
    }

    @Test
    void customHeadersAreAddedExceptReservedOnes() throws Exception {
        String token = (String) eval("root = this.sign_jwt_hs256(signing_secret: \"k\", headers: {\"kid\": \"my-key\", \"alg\": \"none\"})", Map.of("sub", "x"));
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header).isEqualTo("{\"alg\":\"HS256\",\"kid\":\"my-key\",\"typ\":\"JWT\"}");
    }

    // ---- RFC 7515, Appendix A ------------------------------------------------------------------

    /** The payload of the RFC's examples: {"iss":"joe", "exp":1300819380, ...}, expired since 2011. */
    private static final String RFC_PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

    /** RFC 7515 A.2.1: the RSA key (modulus, exponents and primes as the appendix prints them). */
    private static final BigInteger RFC_RSA_N = b64("ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx"
            + "HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs"
            + "D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSH"
            + "SXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV"
            + "MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8"
            + "NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ");
    private static final BigInteger RFC_RSA_E = b64("AQAB");
    private static final BigInteger RFC_RSA_D = b64("Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97I"
            + "jlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0"
            + "BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn"
            + "439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYT"
            + "CBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLh"
            + "BOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ");
    private static final BigInteger RFC_RSA_P = b64("4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdi"
            + "YrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPG"
            + "BY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc");
    private static final BigInteger RFC_RSA_Q = b64("uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxa"
            + "ewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA"
            + "-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc");
    /** RFC 7515 A.2: the RS256 token of that key. */
    private static final String RFC_RS256_TOKEN = "eyJhbGciOiJSUzI1NiJ9." + RFC_PAYLOAD + "."
            + "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjb"
            + "KBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZES"
            + "c6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

    /** RFC 7515 A.3.1: the P-256 key's public point, and A.3 the ES256 token. */
    private static final BigInteger RFC_EC_X = b64("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
    private static final BigInteger RFC_EC_Y = b64("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    private static final String RFC_ES256_TOKEN = "eyJhbGciOiJFUzI1NiJ9." + RFC_PAYLOAD + "."
            + "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    private static BigInteger b64(String s) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(s));
    }

    private static RSAPublicKey rfcRsaPublic() throws Exception {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(RFC_RSA_N, RFC_RSA_E));
    }

    private static RSAPrivateKey rfcRsaPrivate() throws Exception {
        BigInteger p = RFC_RSA_P;
        BigInteger q = RFC_RSA_Q;
        assertThat(p.multiply(q)).as("the RFC's primes make its modulus").isEqualTo(RFC_RSA_N);
        BigInteger d = RFC_RSA_D;
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(RFC_RSA_N, RFC_RSA_E, d, p, q,
                d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p)));
    }

    private static ECPublicKey rfcEcPublic() throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec p256 = params.getParameterSpec(ECParameterSpec.class);
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(RFC_EC_X, RFC_EC_Y), p256));
    }

    /** Flips one character of the signature (a bit the base64url decoding keeps). */
    private static String tampered(String token) {
        int at = token.lastIndexOf('.') + 5;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    @Test
    void theRfcRs256ExampleVerifiesWithTheRfcKey() throws Exception {
        String publicPem = pem("PUBLIC KEY", rfcRsaPublic().getEncoded());
        // The signature is checked before the claims: reaching "expired" means it verified.
        assertThat(error("root = \"" + RFC_RS256_TOKEN + "\".parse_jwt_rs256(\"\"\"" + publicPem + "\"\"\")", "{}"))
                .contains("token has invalid claims: token is expired");
        assertThat(error("root = \"" + tampered(RFC_RS256_TOKEN) + "\".parse_jwt_rs256(\"\"\"" + publicPem + "\"\"\")", "{}"))
                .contains("token signature is invalid: crypto/rsa: verification error");
    }

    @Test
    void theRfcEs256ExampleVerifiesWithTheRfcKey() throws Exception {
        String publicPem = pem("PUBLIC KEY", rfcEcPublic().getEncoded());
        assertThat(error("root = \"" + RFC_ES256_TOKEN + "\".parse_jwt_es256(\"\"\"" + publicPem + "\"\"\")", "{}"))
                .contains("token has invalid claims: token is expired");
        assertThat(error("root = \"" + tampered(RFC_ES256_TOKEN) + "\".parse_jwt_es256(\"\"\"" + publicPem + "\"\"\")", "{}"))
                .contains("token signature is invalid: crypto/ecdsa: verification error");
    }

    @Test
    void rs256WithTheRfcKeyGivesTheSignatureNimbusComputes() throws Exception {
        RSAPrivateKey key = rfcRsaPrivate();
        String privatePem = pem("PRIVATE KEY", key.getEncoded());
        String token = (String) eval("root = this.sign_jwt_rs256(\"\"\"" + privatePem + "\"\"\")", Map.of("sub", "user123", "n", 5L));
        String[] parts = token.split("\\.");
        // RSASSA-PKCS1-v1_5 is deterministic: the same key and signing input give the same signature.
        Base64URL expected = new RSASSASigner(key).sign(JWSHeader.parse(Base64URL.from(parts[0])),
                (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(parts[2]).isEqualTo(expected.toString());
        SignedJWT parsed = SignedJWT.parse(token);
        assertThat(parsed.verify(new RSASSAVerifier(rfcRsaPublic()))).isTrue();
        assertThat(parsed.getJWTClaimsSet().getSubject()).isEqualTo("user123");
        assertThat(parsed.getJWTClaimsSet().getLongClaim("n")).isEqualTo(5L);
    }

    // ---- against Nimbus, every algorithm and key format ----------------------------------------

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----";
    }

    /** One key pair per algorithm for the whole class: RSA keys are slow to make. */
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private static KeyPair keyPair(String alg) {
        return KEYS.computeIfAbsent(alg, a -> {
            try {
                return newKeyPair(a);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static KeyPair newKeyPair(String alg) throws Exception {
        if (alg.startsWith("rs")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(switch (alg.substring(0, 5)) {
            case "es256" -> "secp256r1";
            case "es384" -> "secp384r1";
            default -> "secp521r1";
        }));
        return g.generateKeyPair();
    }

    /** The private key in {@code pemType}: PKCS#8, PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"), as openssl writes them. */
    private static String privatePem(KeyPair kp, String pemType) throws Exception {
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        byte[] der = switch (pemType) {
            case "PRIVATE KEY" -> pkcs8;
            case "EC PRIVATE KEY" -> {
                java.security.interfaces.ECPrivateKey k = (java.security.interfaces.ECPrivateKey) kp.getPrivate(); // checkstyle:fqn-ok clashes with imported sec.ECPrivateKey
                yield new ECPrivateKey(k.getParams().getOrder().bitLength(), k.getS(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
            }
            default -> info.parsePrivateKey().toASN1Primitive().getEncoded();
        };
        return pem(pemType, der);
    }

    private static JWSVerifier verifier(String alg, PublicKey key) throws Exception {
        return alg.startsWith("rs") ? new RSASSAVerifier((RSAPublicKey) key) : new ECDSAVerifier((ECPublicKey) key);
    }

    private static JWSSigner signer(String alg, PrivateKey key) throws Exception {
        return alg.startsWith("rs") ? new RSASSASigner(key) : new ECDSASigner((java.security.interfaces.ECPrivateKey) key); // checkstyle:fqn-ok clashes with imported sec.ECPrivateKey
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"rs256,PRIVATE KEY", "rs384,RSA PRIVATE KEY", "rs512,RSA PRIVATE KEY",
            "es256,EC PRIVATE KEY", "es384,PRIVATE KEY", "es512,EC PRIVATE KEY"})
    void nimbusVerifiesOurTokens(String alg, String pemType) throws Exception {
        KeyPair kp = keyPair(alg);
        String token = (String) eval("root = this.sign_jwt_" + alg + "(\"\"\"" + privatePem(kp, pemType) + "\"\"\")",
                Map.of("sub", "user123", "n", 5L));

        SignedJWT parsed = SignedJWT.parse(token);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(alg.toUpperCase()));
        assertThat(parsed.verify(verifier(alg, kp.getPublic()))).as("Nimbus verifies the signature").isTrue();
        assertThat(parsed.getJWTClaimsSet().getSubject()).isEqualTo("user123");
        assertThat(parsed.getJWTClaimsSet().getLongClaim("n")).isEqualTo(5L);
        SignedJWT forged = SignedJWT.parse(tampered(token));
        assertThat(forged.verify(verifier(alg, kp.getPublic()))).as("a changed signature does not verify").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rs256", "rs384", "rs512", "es256", "es384", "es512"})
    void weVerifyNimbusTokens(String alg) throws Exception {
        KeyPair kp = keyPair(alg);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.parse(alg.toUpperCase())),
                new JWTClaimsSet.Builder().subject("user123").claim("n", 5L).build());
        jwt.sign(signer(alg, kp.getPrivate()));
        String token = jwt.serialize();
        String publicPem = pem("PUBLIC KEY", kp.getPublic().getEncoded());

        assertThat(eval("root = \"" + token + "\".parse_jwt_" + alg + "(\"\"\"" + publicPem + "\"\"\")", Map.of()))
                .isEqualTo(Map.of("sub", "user123", "n", 5L));
        assertThat(error("root = \"" + tampered(token) + "\".parse_jwt_" + alg + "(\"\"\"" + publicPem + "\"\"\")", "{}"))
                .contains("token signature is invalid");
        PublicKey other = alg.startsWith("rs") ? rfcRsaPublic() : keyPair(alg + "-other").getPublic();
        String otherPem = pem("PUBLIC KEY", other.getEncoded());
        assertThat(error("root = \"" + token + "\".parse_jwt_" + alg + "(\"\"\"" + otherPem + "\"\"\")", "{}"))
                .as("another key").contains("token signature is invalid");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "\"a.b\".parse_jwt_hs256(\"k\")§failed to parse JWT string: token is malformed: token contains an invalid number of segments",
            "\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.hUl-nngPMY_3h9vveWJUPsCcO5PeL6k9hWLnMYeFbFQ\".parse_jwt_hs256(\"wrong\")§token signature is invalid: signature is invalid",
            "\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.hUl-nngPMY_3h9vveWJUPsCcO5PeL6k9hWLnMYeFbFQ\".parse_jwt_hs512(\"dont-tell-anyone\")§incorrect signing method: HS256",
            "{\"exp\": 1}.sign_jwt_hs256(\"k\").parse_jwt_hs256(\"k\")§token has invalid claims: token is expired",
            "{}.sign_jwt_rs256(\"not a pem\")§failed to decode signing_secret: invalid key: Key must be a PEM encoded PKCS1 or PKCS8 key",
            "\"x.y.z\".parse_jwt_es256(\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\")§key is not a valid ECDSA public key",
            "{}.sign_jwt_hs256(signing_secret: \"k\", headers: \"nope\")§headers parameter must be an object (map), got string",
            "\"nope\".sign_jwt_hs256(\"k\")§expected object value, got string",
    })
    void errors(String expr, String message) {
        assertThat(error("root = " + expr, "{}")).contains(message);
    }

    @Test
    void claimsKeepLargeIntegersExact() throws Exception {
        String out = run("root = this.sign_jwt_hs256(\"k\").parse_jwt_hs256(\"k\")", "{\"id\":9007199254740993}");
        assertThat(out).isEqualTo("{\"id\":9007199254740993}");
    }
}
