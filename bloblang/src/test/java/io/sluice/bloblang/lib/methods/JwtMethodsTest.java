package io.sluice.bloblang.lib.methods;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.eval;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class JwtMethodsTest {

    @TestFactory
    Stream<DynamicTest> documented() {
        return RegexMethodsTest.documentedExamples(JwtMethods.class);
    }

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

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----";
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"rs256,PRIVATE KEY", "rs384,RSA PRIVATE KEY", "rs512,RSA PRIVATE KEY",
            "es256,EC PRIVATE KEY", "es384,PRIVATE KEY", "es512,EC PRIVATE KEY"})
    void signedTokensParseBackWithThePublicKey(String alg, String pemType) throws Exception {
        KeyPair kp;
        if (alg.startsWith("rs")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            kp = g.generateKeyPair();
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(switch (alg) {
                case "es256" -> "secp256r1";
                case "es384" -> "secp384r1";
                default -> "secp521r1";
            }));
            kp = g.generateKeyPair();
        }
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        byte[] der;
        if (pemType.equals("PRIVATE KEY")) {
            der = pkcs8;
        } else if (pemType.equals("EC PRIVATE KEY")) {
            // SEC1 as openssl writes it, with the named curve inside
            java.security.interfaces.ECPrivateKey k = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
            der = new org.bouncycastle.asn1.sec.ECPrivateKey(k.getParams().getOrder().bitLength(), k.getS(),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        } else {
            der = info.parsePrivateKey().toASN1Primitive().getEncoded();
        }
        String privatePem = pem(pemType, der);
        String publicPem = pem("PUBLIC KEY", kp.getPublic().getEncoded());
        Object claims = eval("root = this.sign_jwt_" + alg + "(\"\"\"" + privatePem + "\"\"\").parse_jwt_" + alg + "(\"\"\"" + publicPem + "\"\"\")",
                Map.of("sub", "user123", "n", 5L));
        assertThat(claims).isEqualTo(Map.of("sub", "user123", "n", 5L));
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
