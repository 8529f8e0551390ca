package io.sluice.connectors.http;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.tls.Tls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthTest {
    private TestServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void basicAuthHeaderIsVerifiedByTheServer() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString("ada:s3cret:x".getBytes(StandardCharsets.UTF_8));
        server.on("/basic", (req, ex) -> TestServer.reply(ex, expected.equals(req.header("Authorization")) ? 200 : 401, ""));
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retries: 0
                  basic_auth:
                    enabled: true
                    username: ada
                    password: "s3cret:x"
                """.formatted(server.url("/basic")));
        out.write(Batch.ofTexts("x"));
        assertThat(server.requests("/basic")).hasSize(1);
        out.close();
    }

    @Test
    void jwtRs256TokenVerifiesWithThePublicKey() throws Exception {
        // A test-only key in PKCS#1 form ("BEGIN RSA PRIVATE KEY"), made once with openssl: generating 2048-bit
        // keys in the test JVM takes seconds.
        Path pem = Path.of(getClass().getResource("/jwt-rsa-test-key.pem").toURI());
        PrivateKey priv = Tls.privateKey(Files.readString(pem), "", null);
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) priv;
        RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        AtomicInteger verified = new AtomicInteger();
        server.on("/jwt", (req, ex) -> {
            try {
                String auth = req.header("Authorization");
                SignedJWT jwt = SignedJWT.parse(auth.substring("Bearer ".length()));
                boolean ok = jwt.verify(new RSASSAVerifier(pub))
                        && jwt.getJWTClaimsSet().getSubject().equals("sluice")
                        && jwt.getJWTClaimsSet().getAudience().contains("api")
                        && jwt.getHeader().getKeyID().equals("k1")
                        && jwt.getHeader().getAlgorithm().getName().equals("RS256");
                if (ok) verified.incrementAndGet();
                TestServer.reply(ex, ok ? 200 : 401, "");
            } catch (Exception e) {
                TestServer.reply(ex, 400, e.toString());
            }
        });
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retries: 0
                  jwt:
                    enabled: true
                    private_key_file: %s
                    signing_method: RS256
                    claims:
                      sub: sluice
                      aud: api
                    headers:
                      kid: k1
                """.formatted(server.url("/jwt"), pem));
        out.write(Batch.ofTexts("x"));
        out.write(Batch.ofTexts("y"));
        assertThat(verified.get()).isEqualTo(2);
        out.close();
    }

    @Test
    void jwtEdDsaTokenVerifiesWithThePublicKey() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = writePem(kp);
        server.on("/ed", (req, ex) -> {
            try {
                String token = req.header("Authorization").substring("Bearer ".length());
                int last = token.lastIndexOf('.');
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(kp.getPublic());
                v.update(token.substring(0, last).getBytes(StandardCharsets.US_ASCII));
                boolean ok = v.verify(Base64.getUrlDecoder().decode(token.substring(last + 1)));
                String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
                TestServer.reply(ex, ok && header.contains("\"EdDSA\"") ? 200 : 401, header);
            } catch (Exception e) {
                TestServer.reply(ex, 400, e.toString());
            }
        });
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retries: 0
                  jwt:
                    enabled: true
                    private_key_file: %s
                    signing_method: EdDSA
                    claims:
                      sub: sluice
                """.formatted(server.url("/ed"), pem));
        out.write(Batch.ofTexts("x"));
        out.close();
    }

    @Test
    void jwtConfigProblemsNameTheirField() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = writePem(ed);
        assertThatThrownBy(() -> Harness.output("""
                http_client:
                  url: http://localhost/x
                  jwt: { enabled: true, private_key_file: %s, signing_method: HS256 }
                """.formatted(pem))).isInstanceOf(ConfigException.class).hasMessageContaining("jwt.signing_method");
        assertThatThrownBy(() -> Harness.output("""
                http_client:
                  url: http://localhost/x
                  jwt: { enabled: true, private_key_file: %s, signing_method: RS256 }
                """.formatted(pem))).isInstanceOf(ConfigException.class).hasMessageContaining("jwt.private_key_file")
                .hasMessageContaining("cannot sign RS256");
        assertThatThrownBy(() -> Harness.output("""
                http_client:
                  url: http://localhost/x
                  jwt: { enabled: true, private_key_file: %s/missing.pem, signing_method: RS256 }
                """.formatted(dir))).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read private key");
    }

    @Test
    void oauth2ClientCredentialsFetchOneTokenAndReuseIt() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        String clientAuth = "Basic " + Base64.getEncoder().encodeToString("my-client:my-secret".getBytes(StandardCharsets.UTF_8));
        server.on("/token", (req, ex) -> {
            Map<String, String> form = form(req.text());
            boolean ok = clientAuth.equals(req.header("Authorization"))
                    && "client_credentials".equals(form.get("grant_type"))
                    && "read write".equals(form.get("scope"))
                    && "https://api".equals(form.get("audience"))
                    && req.header("Content-Type").startsWith("application/x-www-form-urlencoded");
            if (!ok) {
                TestServer.reply(ex, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            TestServer.reply(ex, 200, "{\"access_token\":\"tok-" + tokens.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":3600}",
                    "Content-Type", "application/json");
        });
        server.on("/api", (req, ex) -> TestServer.reply(ex, "Bearer tok-1".equals(req.header("Authorization")) ? 200 : 401, ""));
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retries: 0
                  oauth2:
                    enabled: true
                    client_key: my-client
                    client_secret: my-secret
                    token_url: %s
                    scopes: [ read, write ]
                    endpoint_params:
                      audience: [ "https://api" ]
                """.formatted(server.url("/api"), server.url("/token")));
        for (int i = 0; i < 3; i++) out.write(Batch.ofTexts("m" + i));
        assertThat(tokens.get()).isEqualTo(1);
        assertThat(server.requests("/api")).hasSize(3);
        out.close();
    }

    @Test
    void oauth2FallsBackToCredentialsInTheBodyAndRefetchesExpiredTokens() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        server.on("/token2", (req, ex) -> {
            Map<String, String> form = form(req.text());
            if (req.header("Authorization") != null || !"id".equals(form.get("client_id")) || !"pw".equals(form.get("client_secret"))) {
                TestServer.reply(ex, 400, "{\"error\":\"invalid_request\"}");
                return;
            }
            // expires_in below the ten second safety margin: every request needs a new token.
            TestServer.reply(ex, 200, "{\"access_token\":\"t" + tokens.incrementAndGet() + "\",\"expires_in\":5}");
        });
        server.on("/api2", (req, ex) -> TestServer.reply(ex, req.header("Authorization").startsWith("Bearer t") ? 200 : 401, ""));
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retries: 0
                  oauth2: { enabled: true, client_key: id, client_secret: pw, token_url: %s }
                """.formatted(server.url("/api2"), server.url("/token2")));
        out.write(Batch.ofTexts("a"));
        out.write(Batch.ofTexts("b"));
        assertThat(tokens.get()).isEqualTo(2);
        // the header attempt is made only once: afterwards the working style is remembered
        assertThat(server.requests("/token2")).hasSize(3);
        assertThat(server.requests("/api2")).extracting(r -> r.header("Authorization")).containsExactly("Bearer t1", "Bearer t2");
        out.close();
    }

    @Test
    void oauth2TokenFailureSaysWhichEndpointAnswered() throws Exception {
        server.answer("/token3", 401, "{\"error\":\"invalid_client\"}");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retries: 0
                  oauth2: { enabled: true, client_key: id, client_secret: pw, token_url: %s }
                """.formatted(server.url("/api3"), server.url("/token3")));
        assertThatThrownBy(() -> out.write(Batch.ofTexts("a"))).hasMessageContaining("token_url")
                .hasMessageContaining("401 Unauthorized").hasMessageContaining("invalid_client");
        assertThat(server.requests("/api3")).isEmpty();
        out.close();
    }

    @Test
    void oauth1SignatureMatchesTheKnownExample() throws Exception {
        // The widely published example of an OAuth 1.0a HMAC-SHA1 signature (a status update with a query and form body).
        Auth.OAuth1 signer = new Auth.OAuth1("xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
                () -> 1318622958_000L, () -> "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg");
        RequestDraft d = new RequestDraft("POST", URI.create("https://api.twitter.com/1.1/statuses/update.json?include_entities=true"),
                "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21".getBytes(StandardCharsets.UTF_8));
        d.set("Content-Type", "application/x-www-form-urlencoded");
        signer.sign(d);
        String header = d.first("Authorization");
        assertThat(header).startsWith("OAuth ")
                .contains("oauth_signature=\"" + Auth.encode("hCtSmYh+iHYCEqBWrE7C7hYmtUk=") + "\"")
                .contains("oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\"")
                .contains("oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\"");
    }

    @Test
    void oauth1HeaderReachesTheServer() throws Exception {
        server.answer("/oauth1", 200, "");
        Output out = Harness.output("""
                http_client:
                  url: %s?a=1
                  oauth:
                    enabled: true
                    consumer_key: ck
                    consumer_secret: cs
                    access_token: at
                    access_token_secret: ats
                """.formatted(server.url("/oauth1")));
        out.write(Batch.ofTexts("x"));
        String header = server.requests("/oauth1").get(0).header("Authorization");
        assertThat(header).startsWith("OAuth oauth_consumer_key=\"ck\"").contains("oauth_signature_method=\"HMAC-SHA1\"")
                .contains("oauth_token=\"at\"").contains("oauth_nonce=").contains("oauth_timestamp=");
        out.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private Path writePem(KeyPair kp) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded());
        Path p = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(p, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        return p;
    }
}
