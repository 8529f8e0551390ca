package io.sluice.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Each authentication method accepts good credentials and refuses each kind of bad one, over real HTTP. */
class AuthenticationTest {

    static final String HMAC_SECRET = "0123456789abcdef0123456789abcdef-jwt-secret";

    @TempDir
    static Path apps;
    static TestUpstream upstream;
    static RunningGateway gateway;
    static KeyPair rsa;
    static Vertx idpVertx;
    static HttpServer idp;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";

        idpVertx = Vertx.vertx();
        idp = idpVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            boolean clientOk = ("Basic " + Base64.getEncoder().encodeToString("gw:gw-secret".getBytes())).equals(req.getHeader("Authorization"));
            String token = body.toString().replaceAll(".*token=([^&]*).*", "$1");
            JsonObject answer = new JsonObject().put("active", clientOk && token.equals("good-opaque-token"));
            if (answer.getBoolean("active")) {
                answer.put("sub", "oauth-user").put("exp", System.currentTimeMillis() / 1000 + 3600);
            }
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        var introspection = GatewayJson.MAPPER.createObjectNode();
        introspection.putObject("introspection").put("enabled", true)
                .put("url", "http://127.0.0.1:" + idp.actualPort() + "/introspect")
                .put("clientId", "gw").put("clientSecret", "gw-secret").put("identityBaseField", "sub");
        var jwtBearer = GatewayJson.MAPPER.createObjectNode();
        jwtBearer.putObject("jwt").put("enabled", true).put("signingMethod", "rsa")
                .put("source", Base64.getEncoder().encodeToString(pem.getBytes())).put("identityBaseField", "sub");

        gateway = RunningGateway.start(apps,
                ApiDocs.keyless("open", "/open/", upstream.url()),
                ApiDocs.keyless("token", "/token/", upstream.url()).authToken(),
                ApiDocs.keyless("token-strip", "/token-strip/", upstream.url()).authToken().stripAuthorizationData(),
                ApiDocs.keyless("other", "/other/", upstream.url()).authToken(),
                ApiDocs.keyless("basic", "/basic/", upstream.url()).basicAuth(),
                ApiDocs.keyless("jwt-hmac", "/jwt-hmac/", upstream.url())
                        .jwt("hmac", Base64.getEncoder().encodeToString(HMAC_SECRET.getBytes()), "jwt-default"),
                ApiDocs.keyless("jwt-rsa", "/jwt-rsa/", upstream.url())
                        .jwt("rsa", Base64.getEncoder().encodeToString(pem.getBytes())),
                ApiDocs.keyless("hmac", "/hmac/", upstream.url()).hmac(),
                ApiDocs.keyless("oauth-introspect", "/oauth-introspect/", upstream.url()).externalOAuth(introspection),
                ApiDocs.keyless("oauth-jwt", "/oauth-jwt/", upstream.url()).externalOAuth(jwtBearer));
        gateway.admin("POST", "/tyk/policies", """
                {"id": "jwt-default", "rate": 100, "per": 1, "quota_max": -1,
                 "access_rights": {"jwt-hmac": {"api_id": "jwt-hmac"}, "jwt-rsa": {"api_id": "jwt-rsa"}}}""");
        gateway.admin("POST", "/tyk/policies", """
                {"id": "jwt-other", "rate": 100, "per": 1, "quota_max": -1, "access_rights": {"other": {"api_id": "other"}}}""");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        idpVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String error(HttpResponse<String> response) {
        return Json.read(response.body()).get("error").asText();
    }

    @Test
    void keylessApiNeedsNothing() {
        assertThat(gateway.get("/open/x").statusCode()).isEqualTo(200);
    }

    @Test
    void authTokenFromHeaderQueryOrCookie() {
        String key = gateway.createKey("{\"access_rights\": {\"token\": {\"api_id\": \"token\"}}}");
        assertThat(gateway.get("/token/x", "Authorization", key).statusCode()).isEqualTo(200);
        assertThat(gateway.get("/token/x", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(gateway.get("/token/x?key=" + key).statusCode()).isEqualTo(200);
        assertThat(gateway.get("/token/x", "Cookie", "a=b; session=" + key).statusCode()).isEqualTo(200);
    }

    @Test
    void authTokenRefusals() {
        HttpResponse<String> missing = gateway.get("/token/x");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(error(missing)).isEqualTo("Authorization field missing");

        HttpResponse<String> unknown = gateway.get("/token/x", "Authorization", "no-such-key");
        String key = gateway.createKey("{\"access_rights\": {\"token\": {\"api_id\": \"token\"}}}");
        HttpResponse<String> otherApi = gateway.get("/other/x", "Authorization", key);
        // An unknown key and a key without access look the same from outside.
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(otherApi.statusCode()).isEqualTo(403);
        assertThat(error(unknown)).isEqualTo(error(otherApi)).isEqualTo("Access to this API has been disallowed");
    }

    @Test
    void inactiveAndExpiredKeysAreRefused() {
        String inactive = gateway.createKey("{\"is_inactive\": true, \"access_rights\": {\"token\": {\"api_id\": \"token\"}}}");
        HttpResponse<String> refused = gateway.get("/token/x", "Authorization", inactive);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused)).isEqualTo("Key is inactive, please renew");

        long past = System.currentTimeMillis() / 1000 - 10;
        String expired = gateway.createKey("{\"expires\": " + past + ", \"access_rights\": {\"token\": {\"api_id\": \"token\"}}}");
        HttpResponse<String> expiredAnswer = gateway.get("/token/x", "Authorization", expired);
        assertThat(expiredAnswer.statusCode()).isEqualTo(401);
        assertThat(error(expiredAnswer)).isEqualTo("Key has expired, please renew");
    }

    @Test
    void allowedUrlsRestrictPathsAndMethods() {
        String key = gateway.createKey("""
                {"access_rights": {"token": {"api_id": "token", "allowed_urls": [{"url": "/books", "methods": ["GET"]}]}}}""");
        assertThat(gateway.get("/token/books/1", "Authorization", key).statusCode()).isEqualTo(200);
        HttpResponse<String> other = gateway.get("/token/users", "Authorization", key);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(error(other)).isEqualTo("Access to this resource has been disallowed");
        HttpResponse<String> post = gateway.send(gateway.request("/token/books").header("Authorization", key)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(403);
    }

    @Test
    void stripAuthorizationDataHidesTheKeyFromTheUpstream() {
        String key = gateway.createKey("{}");
        var echo = Json.read(gateway.get("/token-strip/x?key=" + key + "&keep=1", "X-Other", "1").body());
        assertThat(echo.get("query").asText()).isEqualTo("keep=1");
        var withHeader = Json.read(gateway.get("/token-strip/x", "Authorization", key).body());
        assertThat(withHeader.get("headers").has("authorization")).isFalse();
        var unstripped = Json.read(gateway.get("/token/x", "Authorization", key).body());
        assertThat(unstripped.get("headers").get("authorization").asText()).isEqualTo(key);
    }

    @Test
    void basicAuth() {
        var created = gateway.admin("POST", "/tyk/keys/alice", "{\"basic_auth_data\": {\"password\": \"wonderland\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        var stored = Json.read(gateway.admin("GET", "/tyk/keys/alice", null).body());
        assertThat(stored.get("basic_auth_data").get("hash_type").asText()).isEqualTo("bcrypt");
        assertThat(stored.get("basic_auth_data").get("password").asText()).startsWith("$2").doesNotContain("wonderland");

        assertThat(gateway.get("/basic/x", "Authorization", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
        assertThat(gateway.get("/basic/x", "Authorization", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = gateway.get("/basic/x", "Authorization", basic("alice", "looking-glass"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(gateway.get("/basic/x", "Authorization", basic("bob", "wonderland")).statusCode()).isEqualTo(401);
        HttpResponse<String> missing = gateway.get("/basic/x");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(gateway.get("/basic/x", "Authorization", "Basic !!!").statusCode()).isEqualTo(400);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jwtSignedWithSharedSecret() throws Exception {
        String good = hmacJwt(new JWTClaimsSet.Builder().subject("user-1").expirationTime(in(60)).build(), HMAC_SECRET);
        assertThat(gateway.get("/jwt-hmac/x", "Authorization", "Bearer " + good).statusCode()).isEqualTo(200);

        String forged = hmacJwt(new JWTClaimsSet.Builder().subject("user-1").build(), "another-secret-that-is-32-bytes-long!!");
        assertThat(gateway.get("/jwt-hmac/x", "Authorization", "Bearer " + forged).statusCode()).isEqualTo(403);

        String expired = hmacJwt(new JWTClaimsSet.Builder().subject("user-1").expirationTime(in(-60)).build(), HMAC_SECRET);
        HttpResponse<String> late = gateway.get("/jwt-hmac/x", "Authorization", "Bearer " + expired);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(error(late)).contains("expired");

        assertThat(gateway.get("/jwt-hmac/x", "Authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(403);
        assertThat(gateway.get("/jwt-hmac/x").statusCode()).isEqualTo(401);

        // The policy claim decides access: a policy for another API leaves this one closed.
        String otherPolicy = hmacJwt(new JWTClaimsSet.Builder().subject("user-2").claim("pol", "jwt-other").build(), HMAC_SECRET);
        assertThat(gateway.get("/jwt-hmac/x", "Authorization", "Bearer " + otherPolicy).statusCode()).isEqualTo(403);
    }

    @Test
    void jwtSignedWithRsaKey() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("rsa-user").claim("pol", List.of("jwt-default")).expirationTime(in(60)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(rsa.getPrivate()));
        assertThat(gateway.get("/jwt-rsa/x", "Authorization", jwt.serialize()).statusCode()).isEqualTo(200);

        // Algorithm confusion: an HMAC token must not pass an RSA-configured API.
        String hmacToken = hmacJwt(claims, HMAC_SECRET);
        assertThat(gateway.get("/jwt-rsa/x", "Authorization", hmacToken).statusCode()).isEqualTo(403);
        // No policy in the token and none by default: refused.
        SignedJWT noPolicy = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("nobody").build());
        noPolicy.sign(new RSASSASigner(rsa.getPrivate()));
        assertThat(gateway.get("/jwt-rsa/x", "Authorization", noPolicy.serialize()).statusCode()).isEqualTo(403);
    }

    @Test
    void hmacSignedRequests() throws Exception {
        var created = Json.read(gateway.admin("POST", "/tyk/keys/hmac-client", "{\"hmac_enabled\": true}").body());
        assertThat(created.get("key").asText()).startsWith("ey"); // the key in Tyk's form; "hmac-client" names it
        String secret = Json.read(gateway.admin("GET", "/tyk/keys/hmac-client", null).body()).get("hmac_string").asText();
        assertThat(secret).isNotEmpty();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));

        String signature = hmacSha256(secret, "date: " + date);
        String header = "Signature keyId=\"hmac-client\",algorithm=\"hmac-sha256\",headers=\"date\",signature=\""
                + URLEncoder.encode(signature, StandardCharsets.UTF_8) + "\"";
        assertThat(gateway.get("/hmac/x", "Date", date, "Authorization", header).statusCode()).isEqualTo(200);

        String badSignature = hmacSha256("wrong-secret", "date: " + date);
        String bad = "Signature keyId=\"hmac-client\",algorithm=\"hmac-sha256\",headers=\"date\",signature=\"" + badSignature + "\"";
        assertThat(gateway.get("/hmac/x", "Date", date, "Authorization", bad).statusCode()).isEqualTo(400);
        String unknownKey = header.replace("hmac-client", "nobody");
        assertThat(gateway.get("/hmac/x", "Date", date, "Authorization", unknownKey).statusCode()).isEqualTo(403);
        String stale = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        String staleHeader = "Signature keyId=\"hmac-client\",algorithm=\"hmac-sha256\",headers=\"date\",signature=\""
                + hmacSha256(secret, "date: " + stale) + "\"";
        assertThat(gateway.get("/hmac/x", "Date", stale, "Authorization", staleHeader).statusCode()).isEqualTo(400);
        assertThat(gateway.get("/hmac/x").statusCode()).isEqualTo(401);
    }

    @Test
    void oauthTokenIntrospection() {
        assertThat(gateway.get("/oauth-introspect/x", "Authorization", "Bearer good-opaque-token").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/oauth-introspect/x", "Authorization", "Bearer revoked-token").statusCode()).isEqualTo(403);
        assertThat(gateway.get("/oauth-introspect/x").statusCode()).isEqualTo(401);
    }

    @Test
    void oauthJwtBearer() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
                new JWTClaimsSet.Builder().subject("svc").expirationTime(in(60)).build());
        jwt.sign(new RSASSASigner(rsa.getPrivate()));
        assertThat(gateway.get("/oauth-jwt/x", "Authorization", "Bearer " + jwt.serialize()).statusCode()).isEqualTo(200);
        SignedJWT other = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("svc").build());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        other.sign(new RSASSASigner(generator.generateKeyPair().getPrivate()));
        assertThat(gateway.get("/oauth-jwt/x", "Authorization", "Bearer " + other.serialize()).statusCode()).isEqualTo(403);
    }

    static String hmacJwt(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static Date in(long seconds) {
        return new Date(System.currentTimeMillis() + seconds * 1000);
    }

    /**
     * The request signature as a Tyk client computes it, independently of the gateway's code: HMAC-SHA256 over the
     * signing string ("date: ..." for the one signed header), Base64.
     */
    private static String hmacSha256(String secret, String signingString) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
    }
}
