package io.sluice.connectors.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;
import io.sluice.core.tls.Tls;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The request signers of the dialect's auth blocks: {@code oauth} (OAuth 1.0a, HMAC-SHA1),
 * {@code basic_auth} and {@code jwt}. They are applied in that order and each sets the
 * {@code Authorization} header, so when several are enabled the last one wins (as in the original).
 * OAuth 2 is not a signer but a token source: see {@link OAuth2Tokens}.
 */
final class Auth {
    private Auth() {
    }

    /** Changes a request before it is sent: adds auth headers. Thread-safe. */
    interface Signer {
        void sign(RequestDraft draft) throws Exception;
    }

    // ---- specs ----

    static FieldSpec oauthField() {
        return FieldSpec.object("oauth",
                        FieldSpec.bool("enabled").defaultValue(false).description("Whether to sign requests with OAuth version 1."),
                        FieldSpec.string("consumer_key").defaultValue("").description("Identifies this client to the service provider."),
                        FieldSpec.string("consumer_secret").defaultValue("").description("The secret that proves ownership of the consumer key."),
                        FieldSpec.string("access_token").defaultValue("").description("The token that grants access to the protected resources on behalf of a user."),
                        FieldSpec.string("access_token_secret").defaultValue("").description("The secret that proves ownership of the access token."))
                .advanced()
                .description("OAuth version 1.0a request signing (HMAC-SHA1).");
    }

    static FieldSpec basicAuthField() {
        return FieldSpec.object("basic_auth",
                        FieldSpec.bool("enabled").defaultValue(false).description("Whether to send basic authentication credentials."),
                        FieldSpec.string("username").defaultValue("").description("The user name to authenticate as."),
                        FieldSpec.string("password").defaultValue("").description("The password to authenticate with."))
                .advanced()
                .description("HTTP basic authentication.");
    }

    static FieldSpec jwtField() {
        return FieldSpec.object("jwt",
                        FieldSpec.bool("enabled").defaultValue(false).description("Whether to send a signed JWT as a bearer token."),
                        FieldSpec.string("private_key_file").defaultValue("")
                                .description("Path of a PEM file holding the signing key (PKCS#1 or PKCS#8)."),
                        FieldSpec.string("signing_method").defaultValue("")
                                .description("The signature algorithm: RS256, RS384, RS512 or EdDSA.").example("RS256", "EdDSA"),
                        FieldSpec.of("claims", FieldType.ANY).map().defaultValue(Map.of()).advanced()
                                .description("The claims of the token.").example(Map.of("sub", "sluice", "aud", "api")),
                        FieldSpec.of("headers", FieldType.ANY).map().defaultValue(Map.of()).advanced()
                                .description("Extra header parameters of the token (e.g. `kid`).").example(Map.of("kid", "key-1")))
                .advanced()
                .description("JWT bearer authentication: every request carries a token signed with a private key.");
    }

    /** The signers enabled in a component config, in the order the dialect applies them. */
    static List<Signer> signers(Conf conf) throws ConfigException {
        List<Signer> out = new ArrayList<>();
        Conf oauth = conf.child("oauth");
        if (oauth.bool("enabled")) {
            out.add(new OAuth1(oauth.string("consumer_key"), oauth.string("consumer_secret"), oauth.string("access_token"),
                    oauth.string("access_token_secret"), System::currentTimeMillis, Auth::nonce));
        }
        Conf jwt = conf.child("jwt");
        if (jwt.bool("enabled")) out.add(Jwt.from(jwt));
        Conf basic = conf.child("basic_auth");
        if (basic.bool("enabled")) out.add(new Basic(basic.string("username"), basic.string("password")));
        return out;
    }

    // ---- basic ----

    record Basic(String username, String password) implements Signer {
        @Override
        public void sign(RequestDraft draft) {
            String creds = (username == null ? "" : username) + ":" + (password == null ? "" : password);
            draft.set("Authorization", "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)));
        }
    }

    // ---- OAuth 1.0a (RFC 5849, HMAC-SHA1) ----

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NONCE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    static String nonce() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) c[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        return new String(c);
    }

    /**
     * Signs per RFC 5849: the signature base string covers the method, the URL without its query,
     * and every parameter (query, form body and the protocol parameters), so servers that verify
     * by the standard accept it.
     */
    static final class OAuth1 implements Signer {
        private final String consumerKey;
        private final String consumerSecret;
        private final String token;
        private final String tokenSecret;
        private final LongSupplier clockMillis;
        private final Supplier<String> nonces;

        OAuth1(String consumerKey, String consumerSecret, String token, String tokenSecret, LongSupplier clockMillis, Supplier<String> nonces) {
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
            this.token = token;
            this.tokenSecret = tokenSecret;
            this.clockMillis = clockMillis;
            this.nonces = nonces;
        }

        @Override
        public void sign(RequestDraft draft) throws GeneralSecurityException {
            Map<String, String> protocol = new LinkedHashMap<>();
            protocol.put("oauth_consumer_key", consumerKey);
            protocol.put("oauth_nonce", nonces.get());
            protocol.put("oauth_signature_method", "HMAC-SHA1");
            protocol.put("oauth_timestamp", Long.toString(clockMillis.getAsLong() / 1000));
            if (token != null && !token.isEmpty()) protocol.put("oauth_token", token);
            protocol.put("oauth_version", "1.0");

            String signature = signature(draft, protocol);
            StringBuilder header = new StringBuilder("OAuth ");
            protocol.put("oauth_signature", signature);
            boolean first = true;
            for (String k : List.of("oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method",
                    "oauth_timestamp", "oauth_token", "oauth_version")) {
                String v = protocol.get(k);
                if (v == null) continue;
                if (!first) header.append(", ");
                first = false;
                header.append(k).append("=\"").append(encode(v)).append('"');
            }
            draft.set("Authorization", header.toString());
        }

        String signature(RequestDraft draft, Map<String, String> protocol) throws GeneralSecurityException {
            String base = baseString(draft, protocol);
            String key = encode(consumerSecret == null ? "" : consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        }

        static String baseString(RequestDraft draft, Map<String, String> protocol) {
            List<String[]> params = new ArrayList<>();
            URI u = draft.uri;
            addForm(params, u.getRawQuery());
            if (draft.body != null && draft.body.length > 0 && draft.mediaType().equals("application/x-www-form-urlencoded")) {
                addForm(params, new String(draft.body, StandardCharsets.UTF_8));
            }
            protocol.forEach((k, v) -> params.add(new String[] {k, v}));
            List<String[]> encoded = new ArrayList<>();
            for (String[] p : params) encoded.add(new String[] {encode(p[0]), encode(p[1])});
            encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
            StringBuilder norm = new StringBuilder();
            for (String[] p : encoded) {
                if (!norm.isEmpty()) norm.append('&');
                norm.append(p[0]).append('=').append(p[1]);
            }
            return draft.method.toUpperCase(Locale.ROOT) + "&" + encode(baseUri(u)) + "&" + encode(norm.toString());
        }

        private static String baseUri(URI u) {
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            StringBuilder sb = new StringBuilder(scheme).append("://").append(u.getHost().toLowerCase(Locale.ROOT));
            int port = u.getPort();
            if (port > 0 && !(scheme.equals("http") && port == 80) && !(scheme.equals("https") && port == 443)) sb.append(':').append(port);
            String path = u.getRawPath();
            sb.append(path == null || path.isEmpty() ? "/" : path);
            return sb.toString();
        }

        private static void addForm(List<String[]> out, String raw) {
            if (raw == null || raw.isEmpty()) return;
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(new String[] {URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8)});
            }
        }
    }

    /** RFC 3986 percent-encoding: everything but unreserved characters, upper-case hex. */
    static String encode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    // ---- JWT ----

    /**
     * Signs the configured claims once with the configured key and sends the token as a bearer
     * credential. The claims are static, so the token is too; it is made when the component is
     * built so that a bad key or method is reported against its field at start-up.
     */
    static final class Jwt implements Signer {
        private final String token;

        private Jwt(String token) {
            this.token = token;
        }

        static Jwt from(Conf jwt) throws ConfigException {
            Conf methodConf = jwt.child("signing_method");
            String method = methodConf.asString();
            JWSAlgorithm alg = switch (method == null ? "" : method) {
                case "RS256" -> JWSAlgorithm.RS256;
                case "RS384" -> JWSAlgorithm.RS384;
                case "RS512" -> JWSAlgorithm.RS512;
                case "EdDSA" -> JWSAlgorithm.EdDSA;
                default -> throw methodConf.invalid("jwt signing method '" + method + "' is not supported: use RS256, RS384, RS512 or EdDSA");
            };
            Conf keyConf = jwt.child("private_key_file");
            String file = keyConf.asString();
            if (file == null || file.isBlank()) throw keyConf.invalid("a private key file is required when jwt is enabled");
            String pem;
            try {
                pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (Exception e) {
                throw keyConf.invalid("cannot read private key '" + file + "': " + e);
            }
            PrivateKey key = Tls.privateKey(pem, "", keyConf);
            boolean rsa = alg != JWSAlgorithm.EdDSA;
            if (rsa ? !(key instanceof RSAPrivateKey) : !(key instanceof EdECPrivateKey)) {
                throw keyConf.invalid("the key in '" + file + "' is a " + key.getAlgorithm() + " key, which cannot sign " + method);
            }

            Map<String, Object> headerJson = new LinkedHashMap<>();
            headerJson.put("typ", "JWT");
            jwt.child("headers").entries().forEach((k, v) -> headerJson.put(k, v.value()));
            headerJson.put("alg", alg.getName());
            Map<String, Object> claimsJson = new LinkedHashMap<>();
            jwt.child("claims").entries().forEach((k, v) -> claimsJson.put(k, v.value()));
            try {
                JWSHeader header = JWSHeader.parse(headerJson);
                JWTClaimsSet claims = JWTClaimsSet.parse(claimsJson);
                SignedJWT signed = new SignedJWT(header, claims);
                signed.sign(rsa ? new RSASSASigner(key) : new EdDsaSigner(key));
                return new Jwt(signed.serialize());
            } catch (ParseException e) {
                throw jwt.invalid("invalid jwt claims or headers: " + e.getMessage());
            } catch (JOSEException e) {
                throw jwt.invalid("failed to sign jwt: " + e.getMessage());
            }
        }

        String token() {
            return token;
        }

        @Override
        public void sign(RequestDraft draft) {
            draft.set("Authorization", "Bearer " + token);
        }
    }

    /** EdDSA (Ed25519/Ed448) through the JDK's own provider, so no extra crypto library is needed. */
    private static final class EdDsaSigner implements JWSSigner {
        private final PrivateKey key;
        private final JCAContext jca = new JCAContext();

        EdDsaSigner(PrivateKey key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature s = Signature.getInstance(((EdECPrivateKey) key).getParams().getName());
                s.initSign(key);
                s.update(signingInput);
                return Base64URL.encode(s.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("EdDSA signing failed: " + e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
