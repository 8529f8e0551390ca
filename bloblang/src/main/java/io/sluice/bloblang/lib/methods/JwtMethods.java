package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Structured;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** JSON Web Tokens: {@code parse_jwt_*} verifies a token and returns its claims, {@code sign_jwt_*} creates one. */
public final class JwtMethods implements LibraryModule {

    /** A JWS algorithm. */
    enum Alg {
        HS256("HmacSHA256", Family.HMAC, 0), HS384("HmacSHA384", Family.HMAC, 0), HS512("HmacSHA512", Family.HMAC, 0),
        RS256("SHA256withRSA", Family.RSA, 0), RS384("SHA384withRSA", Family.RSA, 0), RS512("SHA512withRSA", Family.RSA, 0),
        ES256("SHA256withECDSAinP1363Format", Family.EC, 256), ES384("SHA384withECDSAinP1363Format", Family.EC, 384),
        ES512("SHA512withECDSAinP1363Format", Family.EC, 521);

        final String jca;
        final Family family;
        final int curveBits;

        Alg(String jca, Family family, int curveBits) {
            this.jca = jca;
            this.family = family;
            this.curveBits = curveBits;
        }
    }

    enum Family { HMAC, RSA, EC }

    private static final String HMAC_SECRET = "dont-tell-anyone";
    private static final String RSA_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs/ibN8r68pLMR6gRzg4S
            8v8l6Q7yi8qURjkEbcNeM1rkokC7xh0I4JVTwxYSVv/JIW8qJdyspl5NIfuAVi32
            WfKvSAs+NIs+DMsNPYw3yuQals4AX8hith1YDvYpr8SD44jxhz/DR9lYKZFGhXGB
            +7NqQ7vpTWp3BceLYocazWJgusZt7CgecIq57ycM5hjM93BvlrUJ8nQ1a46wfL/8
            Cy4P0et70hzZrsjjN41KFhKY0iUwlyU41yEiDHvHDDsTMBxAZosWjSREGfJL6Mfp
            XOInTHs/Gg6DZMkbxjQu6L06EdJ+Q/NwglJdAXM7Zo9rNELqRig6DdvG5JesdMsO
            +QIDAQAB
            -----END PUBLIC KEY-----""";
    private static final Map<Alg, String> EC_PUBLIC = Map.of(
            Alg.ES256, """
                    -----BEGIN PUBLIC KEY-----
                    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGtLqIBePHmIhQcf0JLgc+F/4W/oI
                    dp0Gta53G35VerNDgUUXmp78J2kfh4qLdh0XtmOMI587tCaqjvDAXfs//w==
                    -----END PUBLIC KEY-----""",
            Alg.ES384, """
                    -----BEGIN PUBLIC KEY-----
                    MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAERoz74/B6SwmLhs8X7CWhnrWyRrB13AuU
                    8OYeqy0qHRu9JWNw8NIavqpTmu6XPT4xcFanYjq8FbeuM11eq06C52mNmS4LLwzA
                    2imlFEgn85bvJoC3bnkuq4mQjwt9VxdH
                    -----END PUBLIC KEY-----""",
            Alg.ES512, """
                    -----BEGIN PUBLIC KEY-----
                    MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQAkHLdts9P56fFkyhpYQ31M/Stwt3w
                    vpaxhlfudxnXgTO1IP4RQRgryRxZ19EUzhvWDcG3GQIckoNMY5PelsnCGnIBT2Xh
                    9NQkjWF5K6xS4upFsbGSAwQ+GIyyk5IPJ2LHgOyMSCVh5gRZXV3CZLzXujx/umC9
                    UeYyTt05zRRWuD+p5bY=
                    -----END PUBLIC KEY-----""");
    private static final Map<Alg, String> SAMPLE_TOKENS = Map.of(
            Alg.HS256, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.YwXOM8v3gHVWcQRRRQc_zDlhmLnM62fwhFYGpiA0J1A",
            Alg.HS384, "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.2Y8rf_ijwN4t8hOGGViON_GrirLkCQVbCOuax6EoZ3nluX0tCGezcJxbctlIfsQ2",
            Alg.HS512, "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.utRb0urG6LGGyranZJVo5Dk0Fns1QNcSUYPN0TObQ-YzsGGB8jrxHwM5NAJccjJZzKectEUqmmKCaETZvuX4Fg",
            Alg.RS256, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.b0lH3jEupZZ4zoaly4Y_GCvu94HH6UKdKY96zfGNsIkPZpQLHIkZ7jMWlLlNOAd8qXlsBGP_i8H2qCKI4zlWJBGyPZgxXDzNRPVrTDfFpn4t4nBcA1WK2-ntXP3ehQxsaHcQU8Z_nsogId7Pme5iJRnoHWEnWtbwz5DLSXL3ZZNnRdrHM9MdI7QSDz9mojKDCaMpGN9sG7Xl-tGdBp1XzXuUOzG8S03mtZ1IgVR1uiBL2N6oohHIAunk8DIAmNWI-zgycTgzUGU7mvPkKH43qO8Ua1-13tCUBKKa8VxcotZ67Mxm1QAvBGoDnTKwWMwghLzs6d6WViXQg6eWlJcpBA",
            Alg.RS384, "eyJhbGciOiJSUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.orcXYBcjVE5DU7mvq4KKWFfNdXR4nEY_xupzWoETRpYmQZIozlZnM_nHxEk2dySvpXlAzVm7kgOPK2RFtGlOVaNRIa3x-pMMr-bhZTno4L8Hl4sYxOks3bWtjK7wql4uqUbqThSJB12psAXw2-S-I_FMngOPGIn4jDT9b802ottJSvTpXcy0-eKTjrV2PSkRRu-EYJh0CJZW55MNhqlt6kCGhAXfbhNazN3ASX-dmpd_JixyBKphrngr_zRA-FCn_Xf3QQDA-5INopb4Yp5QiJ7UxVqQEKI80X_JvJqz9WE1qiAw8pq5-xTen1t7zTP-HT1NbbD3kltcNa3G8acmNg",
            Alg.RS512, "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.rsMp_X5HMrUqKnZJIxo27aAoscovRA6SSQYR9rq7pifIj0YHXxMyNyOBDGnvVALHKTi25VUGHpfNUW0VVMmae0A4t_ObNU6hVZHguWvetKZZq4FZpW1lgWHCMqgPGwT5_uOqwYCH6r8tJuZT3pqXeL0CY4putb1AN2w6CVp620nh3l8d3XWb4jaifycd_4CEVCqHuWDmohfug4VhmoVKlIXZkYoAQowgHlozATDssBSWdYtv107Wd2AzEoiXPu6e3pflsuXULlyqQnS4ELEKPYThFLafh1NqvZDPddqozcPZ-iODBW-xf3A4DYDdivnMYLrh73AZOGHexxu8ay6nDA",
            Alg.ES256, "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.GIRajP9JJbpTlqSCdNEz4qpQkRvzX4Q51YnTwVyxLDM9tKjR_a8ggHWn9CWj7KG0x8J56OWtmUxn112SRTZVhQ",
            Alg.ES384, "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.H2HBSlrvQBaov2tdreGonbBexxtQB-xzaPL4-tNQZ6TVh7VH8VBcSwcWHYa1lBAHmdsKOFcB2Wk0SB7QWeGT3ptSgr-_EhDMaZ8bA5spgdpq5DsKfaKHrd7DbbQlmxNq",
            Alg.ES512, "eyJhbGciOiJFUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MTYyMzkwMjIsIm1vb2QiOiJEaXNkYWluZnVsIiwic3ViIjoiMTIzNDU2Nzg5MCJ9.ACrpLuU7TKpAnncDCpN9m85nkL55MJ45NFOBl6-nEXmNT1eIxWjiP4pwWVbFH9et_BgN14119jbL_KqEJInPYc9nAXC6dDLq0aBU-dalvNl4-O5YWpP43-Y-TBGAsWnbMTrchILJ4-AEiICe73Ck5yWPleKg9c3LtkEFWfGs7BoPRguZ");
    private static final Map<Alg, String> SAMPLE_SIGNED = Map.of(
            Alg.HS256, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.hUl-nngPMY_3h9vveWJUPsCcO5PeL6k9hWLnMYeFbFQ",
            Alg.HS384, "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.zGYLr83aToon1efUNq-hw7XgT20lPvZb8sYei8x6S6mpHwb433SJdXJXx0Oio8AZ",
            Alg.HS512, "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMTIzIn0.zBNR9o_6EDwXXKkpKLNJhG26j8Dc-mV-YahBwmEdCrmiWt5les8I9rgmNlWIowpq6Yxs4kLNAdFhqoRz3NXT3w");

    /** Header names the caller may not override. */
    private static final Set<String> RESERVED_HEADERS = Set.of("alg", "typ", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit");

    @Override
    public void register(Library lib) {
        for (Alg alg : Alg.values()) {
            String lower = alg.name().toLowerCase(java.util.Locale.ROOT);
            String publicSecret = switch (alg.family) {
                case HMAC -> HMAC_SECRET;
                case RSA -> RSA_PUBLIC;
                case EC -> EC_PUBLIC.get(alg);
            };
            lib.addValueMethod(MethodSpec.of("parse_jwt_" + lower, Category.JWT,
                            "Parses a claims object from a JWT string encoded with " + alg.name() + ". This method does not validate JWT claims.")
                    .param(Param.string("signing_secret", "The " + alg.name() + " secret that was used for signing the token."))
                    .example(Example.of("", "root.claims = this.signed.parse_jwt_" + lower + "(\"\"\"" + publicSecret + "\"\"\")",
                            "{\"signed\":\"" + SAMPLE_TOKENS.get(alg) + "\"}",
                            "{\"claims\":{\"iat\":1516239022,\"mood\":\"Disdainful\",\"sub\":\"1234567890\"}}")),
                    args -> {
                        Key key = verificationKey(alg, args.string("signing_secret"));
                        return ParsingMethodsFormats.text(token -> parse(alg, key, token));
                    });

            String privateSecret = switch (alg.family) {
                case HMAC -> HMAC_SECRET;
                case RSA -> "-----BEGIN RSA PRIVATE KEY-----\n... signature data ...\n-----END RSA PRIVATE KEY-----";
                case EC -> "-----BEGIN EC PRIVATE KEY-----\n... signature data ...\n-----END EC PRIVATE KEY-----";
            };
            MethodSpec sign = MethodSpec.of("sign_jwt_" + lower, Category.JWT,
                            "Hash and sign an object representing JSON Web Token (JWT) claims using " + alg.name() + ".")
                    .param(Param.string("signing_secret", "The secret to use for signing the token."))
                    .param(Param.any("headers", "Optional object of JWT header fields to include in the token. Keys \"alg\", \"typ\", \"jku\", \"jwk\", \"x5u\", \"x5c\", \"x5t\",\"x5t#S256\" and \"crit\" will be ignored if provided.").optional());
            if (SAMPLE_SIGNED.containsKey(alg)) {
                sign = sign.example(Example.of("", "root.signed = this.claims.sign_jwt_" + lower + "(\"\"\"" + privateSecret + "\"\"\")",
                        "{\"claims\":{\"sub\":\"user123\"}}", "{\"signed\":\"" + SAMPLE_SIGNED.get(alg) + "\"}").untested());
            }
            sign = sign.example(Example.of("", "root.signed = this.claims.sign_jwt_" + lower + "(signing_secret: \"\"\"" + privateSecret + "\"\"\", headers: {\"kid\": \"my-key\", \"x\": \"y\"})",
                    "{\"claims\":{\"sub\":\"user123\"}}", "{\"signed\":\"<signed JWT token>\"}").untested());
            lib.addValueMethod(sign, args -> {
                Key key;
                try {
                    key = signingKey(alg, args.string("signing_secret"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("failed to decode signing_secret: " + e.getMessage());
                }
                Map<String, Object> headers = new LinkedHashMap<>();
                if (args.has("headers") && args.get("headers") != null) {
                    if (!(args.get("headers") instanceof Map<?, ?> h)) {
                        throw new IllegalArgumentException("headers parameter must be an object (map), got " + goTypeName(args.get("headers")));
                    }
                    for (Map.Entry<?, ?> e : h.entrySet()) {
                        if (!RESERVED_HEADERS.contains(String.valueOf(e.getKey()))) headers.put(String.valueOf(e.getKey()), e.getValue());
                    }
                }
                return (v, ctx) -> sign(alg, key, headers, Values.asObject(v));
            });
        }
    }

    private static String goTypeName(Object v) {
        if (v instanceof String) return "string";
        if (v instanceof Long) return "int64";
        if (v instanceof Double) return "float64";
        if (v instanceof Boolean) return "bool";
        if (v instanceof java.util.List) return "[]interface {}";
        return Values.typeName(v);
    }

    // ---- signing -------------------------------------------------------------------------------

    static String sign(Alg alg, Key key, Map<String, Object> extraHeaders, Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg.name());
        header.put("typ", "JWT");
        header.putAll(extraHeaders);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String signingInput = enc.encodeToString(goJson(header)) + "." + enc.encodeToString(goJson(claims));
        try {
            return signingInput + "." + enc.encodeToString(signature(alg, key, signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new QueryException("failed to sign token: " + (e.getMessage() == null ? "key is invalid" : e.getMessage()));
        }
    }

    /** JSON as Go's encoding/json writes it: sorted keys, {@code <>&} escaped. */
    private static byte[] goJson(Object v) {
        String json = Values.toJson(v).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] signature(Alg alg, Key key, byte[] input) throws GeneralSecurityException {
        if (alg.family == Family.HMAC) {
            Mac mac = Mac.getInstance(alg.jca);
            mac.init(key);
            return mac.doFinal(input);
        }
        Signature s = Signature.getInstance(alg.jca);
        s.initSign((PrivateKey) key);
        s.update(input);
        return s.sign();
    }

    // ---- parsing -------------------------------------------------------------------------------

    static Map<String, Object> parse(Alg alg, Key key, String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) throw fail("token is malformed: token contains an invalid number of segments");
        Map<String, Object> header = decodeSegment(parts[0], "header");
        Object algName = header.get("alg");
        if (!alg.name().equals(algName)) {
            throw fail("token is unverifiable: error while executing keyfunc: incorrect signing method: " + (algName == null ? "<nil>" : Values.toText(algName)));
        }
        Map<String, Object> claims = decodeSegment(parts[1], "claims");
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw fail("token signature is invalid: illegal base64 data at input byte 0");
        }
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!verify(alg, key, input, sig)) {
            String why = switch (alg.family) {
                case HMAC -> "signature is invalid";
                case RSA -> "crypto/rsa: verification error";
                case EC -> "crypto/ecdsa: verification error";
            };
            throw fail("token signature is invalid: " + why);
        }
        long now = Instant.now().getEpochSecond();
        Object exp = claims.get("exp");
        if (exp instanceof Number n && now > n.doubleValue()) throw fail("token has invalid claims: token is expired");
        Object nbf = claims.get("nbf");
        if (nbf instanceof Number n && now < n.doubleValue()) throw fail("token has invalid claims: token is not valid yet");
        return claims;
    }

    private static QueryException fail(String msg) {
        return new QueryException("failed to parse JWT string: " + msg);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decodeSegment(String seg, String what) {
        byte[] raw;
        try {
            if (seg.contains("=")) throw new IllegalArgumentException();
            raw = Base64.getUrlDecoder().decode(seg);
        } catch (IllegalArgumentException e) {
            throw fail("token is malformed: could not base64 decode " + what + ": illegal base64 data");
        }
        Object v;
        try {
            v = Structured.parseJson(raw);
        } catch (MessageParseException e) {
            throw fail("token is malformed: could not JSON decode " + what + ": " + e.getMessage().replace("failed to parse message as JSON: ", ""));
        }
        if (!(v instanceof Map)) throw fail("token is malformed: could not JSON decode " + what);
        return (Map<String, Object>) v;
    }

    private static boolean verify(Alg alg, Key key, byte[] input, byte[] sig) {
        try {
            if (alg.family == Family.HMAC) {
                return MessageDigest.isEqual(signature(alg, key, input), sig);
            }
            if (alg.family == Family.EC && sig.length != 2 * ((alg.curveBits + 7) / 8)) return false;
            Signature s = Signature.getInstance(alg.jca);
            s.initVerify((PublicKey) key);
            s.update(input);
            return s.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    // ---- keys ----------------------------------------------------------------------------------

    static Key verificationKey(Alg alg, String secret) {
        return switch (alg.family) {
            case HMAC -> hmacKey(alg, secret);
            case RSA -> {
                PublicKey k = publicKey(secret, "RSA");
                if (!(k instanceof RSAKey)) throw new IllegalArgumentException("key is not a valid RSA public key");
                yield k;
            }
            case EC -> {
                PublicKey k = publicKey(secret, "EC");
                if (!(k instanceof ECKey)) throw new IllegalArgumentException("key is not a valid ECDSA public key");
                yield k;
            }
        };
    }

    static Key signingKey(Alg alg, String secret) {
        return switch (alg.family) {
            case HMAC -> hmacKey(alg, secret);
            case RSA -> {
                PrivateKey k = privateKey(secret, "RSA");
                if (!(k instanceof RSAKey)) throw new IllegalArgumentException("key is not a valid RSA private key");
                yield k;
            }
            case EC -> {
                PrivateKey k = privateKey(secret, "EC");
                if (!(k instanceof ECKey ec)) throw new IllegalArgumentException("key is not a valid ECDSA private key");
                if (ec.getParams().getCurve().getField().getFieldSize() != alg.curveBits) {
                    throw new IllegalArgumentException("key is invalid: the curve does not match " + alg.name());
                }
                yield k;
            }
        };
    }

    private static Key hmacKey(Alg alg, String secret) {
        byte[] b = secret.getBytes(StandardCharsets.UTF_8);
        // the JCA refuses empty HMAC keys; a one byte zero key gives the same MAC as an empty one
        return new SecretKeySpec(b.length == 0 ? new byte[1] : b, alg.jca);
    }

    private record Pem(String type, byte[] der) {
    }

    private static Pem pem(String text) {
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) throw new IllegalArgumentException("invalid key: Key must be a PEM encoded PKCS1 or PKCS8 key");
        int typeEnd = text.indexOf("-----", begin + 11);
        if (typeEnd < 0) throw new IllegalArgumentException("invalid key: Key must be a PEM encoded PKCS1 or PKCS8 key");
        String type = text.substring(begin + 11, typeEnd);
        int end = text.indexOf("-----END " + type + "-----", typeEnd);
        if (end < 0) throw new IllegalArgumentException("invalid key: Key must be a PEM encoded PKCS1 or PKCS8 key");
        String body = text.substring(typeEnd + 5, end);
        StringBuilder b64 = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.contains(":")) continue; // PEM headers such as Proc-Type
            b64.append(line.trim());
        }
        try {
            return new Pem(type, Base64.getMimeDecoder().decode(b64.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid key: Key must be a PEM encoded PKCS1 or PKCS8 key");
        }
    }

    private static PublicKey publicKey(String text, String algorithm) {
        Pem p = pem(text);
        try {
            if (p.type().equals("CERTIFICATE")) {
                return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(p.der())).getPublicKey();
            }
            if (p.type().equals("RSA PUBLIC KEY")) {
                org.bouncycastle.asn1.pkcs.RSAPublicKey pk = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(p.der()));
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(pk.getModulus(), pk.getPublicExponent()));
            }
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(p.der()));
        } catch (Exception e) {
            throw new IllegalArgumentException(algorithm.equals("RSA") ? "key is not a valid RSA public key" : "key is not a valid ECDSA public key");
        }
    }

    private static PrivateKey privateKey(String text, String algorithm) {
        Pem p = pem(text);
        try {
            byte[] pkcs8 = switch (p.type()) {
                case "RSA PRIVATE KEY" -> new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, org.bouncycastle.asn1.DERNull.INSTANCE),
                        ASN1Primitive.fromByteArray(p.der())).getEncoded();
                case "EC PRIVATE KEY" -> {
                    ECPrivateKey sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(p.der()));
                    org.bouncycastle.asn1.ASN1Encodable curve = sec1.getParametersObject();
                    if (curve == null) throw new IllegalArgumentException("missing curve");
                    yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1).getEncoded();
                }
                default -> p.der();
            };
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (Exception e) {
            throw new IllegalArgumentException(algorithm.equals("RSA") ? "key is not a valid RSA private key" : "key is not a valid ECDSA private key");
        }
    }
}
