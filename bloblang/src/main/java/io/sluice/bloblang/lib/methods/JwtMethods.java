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
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
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
import java.util.List;
import java.util.Locale;
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

    // The keys and tokens of the examples, made for Sluice's docs (the docs test checks each parses back).
    private static final String HMAC_SECRET = "sluice-docs-secret";
    private static final String RSA_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA05OFSQfdjULawFhXZmwU
            PDjSHr94BN+y5Tau/oDOUhJ0ITyeqvhkVIPmqoR1vPhr7Jrwy3eaK3/ycdgFNBF6
            3gpb2OfzLzV4AyEMvfEzqcgVRb8j8PsHsR+tDgIjQ6l2e+kDFGlzsnZA0/kGhfT9
            kSizKAbgR014V/p1R0CwqL1/bwB4N6Y2DOdEGy64ebJZQEJ2PZE0pU+YKqPtkbtn
            txG6b+sZ/R5KEISPZZ0sR2Y3zQg7ay8+md9MSnQTYvONM5kRneb+I9TDdzRyL/LA
            HAH2G8zwXypNaMOSxMi779EPQBpRPN6utz0C/8T37DNUnAmu9klmoNm707qr9/eX
            bQIDAQAB
            -----END PUBLIC KEY-----""";
    private static final Map<Alg, String> EC_PUBLIC = Map.of(
            Alg.ES256, """
                    -----BEGIN PUBLIC KEY-----
                    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERSzadwEC7W2pjsaDdy+8SD7wav1N
                    sPW9Cwj6+P8OSI85gapXKSUsnQu8jJVVE/rU68MZZlWJp8sWAzgtj4+JbA==
                    -----END PUBLIC KEY-----""",
            Alg.ES384, """
                    -----BEGIN PUBLIC KEY-----
                    MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEh3fN4iE+ixYFsPfLjXYkbKQSv0tr58T0
                    mXeWZMRh9zg2KbAjGvIuaJBtFleQlzIZCqlTmfZRxzUahdjiS58TjPTP739bqQIq
                    c/fuM+RT81gb6Xn1JE5rQy6UwchqK6AU
                    -----END PUBLIC KEY-----""",
            Alg.ES512, """
                    -----BEGIN PUBLIC KEY-----
                    MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQAa57s57d/FOYcLfIs8mbQK3Q4tKmn
                    kFruWj/RTtwn+MBWK9SlDVOiaogqNP8gwtKeaWJ9ogAnKOpsoz/6SRh3y3wBLj0d
                    WfvfzL0zTTymMDoLWFEZt2wslXPcdEWr7xxZB2J2LoD2kRJj/xjS3SPvsAQEmKXY
                    4BW8XNq0R3MVVs3tW40=
                    -----END PUBLIC KEY-----""");
    /** The claims of every sample token. */
    private static final String SAMPLE_CLAIMS = "{\"iat\":1710063000,\"scope\":\"orders:read\",\"sub\":\"user-42\"}";
    private static final Map<Alg, String> SAMPLE_TOKENS = Map.of(
            Alg.HS256, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.2175peDBe4AA8jol74Mtw3jLaQNN-Fu3ohfadkjpijg",
            Alg.HS384, "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.EqQ_qe7lPTfKLdQXXCLb4w7WHMpa3XsXGEDWk-5x8rFGkofEr8Kz_UJpSuChySQC",
            Alg.HS512, "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.B94x8Gt7UIK9KljCngy9LVnCOhmbRLTjTh56XYylyhQSmzB0tGmFxya0viMzWpJ0_nJRI6CzM8WUZuqkLpSr4w",
            Alg.RS256, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.U03YpGgDROgkWOUol3oQDWW79NGLoDiHH5cOdL3BhSP5EhaV6cmSb8jf-3K8vkkR3-_4-6TO78NUNgW_LLvF6JzV3x4ojwJ09EJYOvJe-1DJAwXXHa5h1Zm8hVYf7v6YCGw6nUpKnkMc9Ntd-dsf-ikIP2-GBftvpWs5nP6xCfMfnUIQd-bCFILCCnteRIK982NE6kaHwwPhvIfZjTk5bfXRHI2jZESq7fEE8YNFXI271Fuj6Gz52X7cmGp_kIyEYXK4vUkaHv8fkJIITWhRPdDc7aBRNzp6rL8vqHAYckOLvuUgDPpUIpN2cl5K38_IG1femG5M5zy8W-CeLBlIuA",
            Alg.RS384, "eyJhbGciOiJSUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.ZDE56egFUXsbZoR33UX214y-HZ0czIUshYfGYKqf_SWsRmar_AO18d3KBgIQOdUEcrSg5O0WP_HwNuUJ37FjE6eiiCF4qKAHQ1bn8GkdGJ_Cis3SdBj68vuBhd1aUTUW1dTfGVL4pE97i1yrj_kJl3S1Vaf8-0hrVuA62iIblX8Yh1k-22EHPlEmISkH8YTBoGf_vr5XfDknJz8H--PQG_bF-VsJWLr3So8e_cEmq13kXrnuyNRXWw1rlJqw64SO5YH62C5q3gwKKs3aKBJvoZTQQH9rqMw25QoOgetBdOcoV1J7DtPAhBOu3s8KKAlJK78dkkhxvZRh3X6RyzVWYw",
            Alg.RS512, "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.H8HGLNPGeB-i-zsEs620aTjpARAK5HhmTgGHI5NM5js1Rzs2ooQ6fuoAjf_Of7FpsAYy6HP5B6qyOwwAWsUTTLyW-PO9yXD9byQalROOV0MrBx9BaXXndualOQU_h_oSiLHMNusYCCjhMWYzrVh4OJRIpKwkrggd3oC8YlfiopHLDdw2JYxENGuEL2r814VzjlfzR7pnHRt9VEWNlGt8t2gXVTgAatoijG0bd1oZSylWGzcD4B2omp9V7zUj4AkaADudnQCRpUmFTJrL7DkNhBQ-c1xvUhOF-H766X9cUsjpJRwV4yI5T69eZLo2FH3E5k2ThjPhSSwi8g_VlUSnCw",
            Alg.ES256, "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.eTNY3ukj_IgNmtthtAIUe8IGIG7LX_QadOK5sat8GzgYmEHkSWMG-0RxHn74ZAm1ObURPn0WN4pzYWB05qPUCw",
            Alg.ES384, "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.K1hnrR72aOMA0qyeQ2R6nu_rjtI2pOASvZrLFL1HhPh5pEjoRx0jh4jMcjAwjkkrKr7R9UUE-19E2OW1aRNnqM0s6sI5eQr8SpFwHwhsXkBXekH5tEj5taAOVIqCvPwH",
            Alg.ES512, "eyJhbGciOiJFUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.APEtWBeKuTRAyDynlUz7MJVYZBzHRZYCfrWBt4bGNiH1F1zDQVllGI2rm208dSbpsPk04CNRw4xG0UNtiYConLUbAUqS4WjXu9w82jvRc1ExXrEyGBPYLgFaw1JZjmKPaco8_t8TFifVDetdaxPb47jVGdEgU4nQHN4cDGG2gYRTuJo5");
    /** The same claims signed with the private keys of the public keys above and a {@code kid} header. */
    private static final Map<Alg, String> SAMPLE_SIGNED_WITH_KID = Map.of(
            Alg.RS256, "eyJhbGciOiJSUzI1NiIsImtpZCI6IjIwMjQtMDMiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.kcroHpVDT83Wrvj6fM9uifp9-RXC_Yk05uhNS7CN9clD9POxC0GpoFwKw8qhm9XZ4yzbkZ-qILsVVD5gmKJ5ZEtQWdK1LOQnqmLSU0slZZiWANqgXyYom_4vdY7457rQe2eqqHtHjeyewsfQAvKBkM9xkvYmxkfGuqw6fyhqGmgzEnPrRG_11k87OGgMO7iwyjcr-JF5ARkhgvQpEzarcEXrddldQM8FbVcEwP9b9tUydDenqYnR3aIhyt02R5kbOou06-fO-2pb6RxgMcgn_ndiZ4sbq1ep278vG3eOhykIF6RDRddTNu3U74DAO5ayhVgb9KcH9vyK01gSt05J-w",
            Alg.RS384, "eyJhbGciOiJSUzM4NCIsImtpZCI6IjIwMjQtMDMiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.A64A6H_emKl5Wr_aJmS7W7-uxmTJzZQ0UhwdUaUVwOntC5X6VwRErfylYvpAoD96mfia45ZpWG7PKbW5loOHQi8VLhq3UEkS88TWsBjGnvfwbXHzikW9omUnDb9__uXATo6dy0ZK1Hi7pIyCOLls9rTLj7JqV9cGBO2WR0pDY0ye4IZyznoC2COey1ZC252PAx58iUBiHuEG3PuLRRjZpF71LjoAEBD3x6XDUoGqCylHtn0arJqn062wg0Q72M1WMW_zFzv8_1eCeyxRMdV5Gy_in-EthF6ENYjH7g1kEUFcy5scnAHgsLDXj91ZJ5z7Ao6Wu6RgkX2a76vrMIjJxA",
            Alg.RS512, "eyJhbGciOiJSUzUxMiIsImtpZCI6IjIwMjQtMDMiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.CoG5g_WeBIfwoHead4TJY_Cs2Ot6kjaoYAJn7UYahG5dKh4kGMUAuOx953Lb14z8SDqUV2dmv0EqwtElT4u4qF4MEwz2kJojfE0ulUzFf2DnZeyW1oa_7C6lh_8l0otf46G-jaVjm5sA4VjWqqJ-uqL_JA6J87Jm3DCo2mhWw4dH33ajcSgI0Pu0ItKarN8IFqx4h3Vhm7ekaCxrT05MOzQLITq8ovGrvT7aFqeYH9ZfVhOo4HOP6HHhzvvOYbKy5xtrjZtohT8uuEkY_QxUy9azuRMV3eStKz29rNLMwLDoXg3ZAdB4Vh4saGuvHuf7D_3tFXutZNT7SyogHd5ZKw",
            Alg.ES256, "eyJhbGciOiJFUzI1NiIsImtpZCI6IjIwMjQtMDMiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.u2cQW4RKLNEKU_sgdjjIbqydSeBjJx25uJLuW0q1y5KMdxpvFsRvNy0qfQ4ggeHlZE0jWiEeCSCayx4ahi5JZA",
            Alg.ES384, "eyJhbGciOiJFUzM4NCIsImtpZCI6IjIwMjQtMDMiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.iaaKZrhwHcaeKvSHoG2_9E4MYmUHy2AeJGobHj9geeXzeLNNDEhOtuhVEJtfioXujwMDjDhMsNjs17An3L2ZyNtZAsoWPPiRSzU6BpG9AmFmDntzzQhpU8Aycp8m0EBe",
            Alg.ES512, "eyJhbGciOiJFUzUxMiIsImtpZCI6IjIwMjQtMDMiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE3MTAwNjMwMDAsInNjb3BlIjoib3JkZXJzOnJlYWQiLCJzdWIiOiJ1c2VyLTQyIn0.Ad5ZgbwLVObEviBrYmaQ7qziiXhat0TYmqpc4FBVmMVnC-kQ8zQkTiGeXI8cZ8Ucgk-0tg5iNmwWUMmssyrSFxC2AL_UD28mkLxJ5VP5TYtJsn4Ha3N8TtITQN7E2eCblMf-yNxPR5X1TGxb4b47zGuiq-e4yv9ocMw9d_rRrS322v0r");

    /** Header names the caller may not override. */
    private static final Set<String> RESERVED_HEADERS = Set.of("alg", "typ", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit");

    @Override
    public void register(Library lib) {
        for (Alg alg : Alg.values()) {
            String lower = alg.name().toLowerCase(Locale.ROOT);
            String publicSecret = switch (alg.family) {
                case HMAC -> HMAC_SECRET;
                case RSA -> RSA_PUBLIC;
                case EC -> EC_PUBLIC.get(alg);
            };
            String keyDoc = switch (alg.family) {
                case HMAC -> "The secret the token was signed with.";
                case RSA, EC -> "The public key as PEM text: a `PUBLIC KEY` block or a certificate.";
            };
            lib.addValueMethod(MethodSpec.of("parse_jwt_" + lower, Category.JWT,
                            "Checks the signature of a JSON Web Token made with " + alg.name() + " and gives its claims. "
                                    + "A token whose `alg` header names another algorithm is refused, and so is one whose `exp` "
                                    + "has passed or whose `nbf` has not come yet. Other claims, such as `iss` and `aud`, are "
                                    + "yours to check.")
                    .param(Param.string("signing_secret", keyDoc))
                    .example(Example.of("", "root.claims = this.token.parse_jwt_" + lower + "(\"\"\"" + publicSecret + "\"\"\")",
                            "{\"token\":\"" + SAMPLE_TOKENS.get(alg) + "\"}", "{\"claims\":" + SAMPLE_CLAIMS + "}")),
                    args -> {
                        Key key = verificationKey(alg, args.string("signing_secret"));
                        return ParsingMethodsFormats.text(token -> parse(alg, key, token));
                    });

            String signKeyDoc = switch (alg.family) {
                case HMAC -> "The shared secret to sign with.";
                case RSA -> "The private key as PEM text, PKCS #1 or PKCS #8.";
                case EC -> "The private key as PEM text, SEC 1 or PKCS #8, on the curve of " + alg.name() + ".";
            };
            MethodSpec sign = MethodSpec.of("sign_jwt_" + lower, Category.JWT,
                            "Makes a signed JSON Web Token of an object of claims with " + alg.name() + ". The header holds "
                                    + "`alg` and `typ` plus any `headers` given. The claims are written as they are: add an `exp` "
                                    + "claim yourself when the token should expire.")
                    .param(Param.string("signing_secret", signKeyDoc))
                    .param(Param.any("headers", "More header fields, such as `kid`. The reserved names `alg`, `typ`, "
                            + "`crit`, `jku`, `jwk`, `x5u`, `x5c`, `x5t` and `x5t#S256` are ignored.").optional());
            if (alg.family == Family.HMAC) {
                sign = sign.example(Example.of("", "root.token = this.claims.sign_jwt_" + lower + "(\"" + HMAC_SECRET + "\")",
                        "{\"claims\":" + SAMPLE_CLAIMS + "}", "{\"token\":\"" + SAMPLE_TOKENS.get(alg) + "\"}"));
            } else {
                sign = sign.example(Example.of("A key read from a file, and a key id in the header.",
                        "root.token = this.claims.sign_jwt_" + lower + "(signing_secret: file(\"/etc/sluice/jwt.pem\").string(), headers: {\"kid\": \"2024-03\"})",
                        "{\"claims\":" + SAMPLE_CLAIMS + "}", "{\"token\":\"" + SAMPLE_SIGNED_WITH_KID.get(alg) + "\"}").untested());
            }
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
        if (v instanceof List) return "[]interface {}";
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
                RSAPublicKey pk = RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(p.der()));
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
                case "RSA PRIVATE KEY" -> new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        ASN1Primitive.fromByteArray(p.der())).getEncoded();
                case "EC PRIVATE KEY" -> {
                    ECPrivateKey sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(p.der()));
                    ASN1Encodable curve = sec1.getParametersObject();
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
