package io.sluice.connectors.http;

import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dialect's {@code oauth2} block: the client credentials grant (RFC 6749 §4.4), or the refresh
 * token grant when {@code endpoint_params} sets {@code grant_type: [refresh_token]}. A token is
 * fetched on the first request, reused until ten seconds before it expires, then fetched again.
 *
 * <p>Client authentication follows the usual auto-detection: credentials go in a basic
 * {@code Authorization} header first; if the token endpoint refuses that, they are sent in the form
 * body instead, and whichever worked is remembered.
 */
final class OAuth2Tokens {
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    private enum Style { UNKNOWN, HEADER, PARAMS }

    private final String clientKey;
    private final String clientSecret;
    private final URI tokenUrl;
    private final List<String> scopes;
    private final Map<String, List<String>> endpointParams;
    private final Supplier<Instant> clock;

    private final Object lock = new Object();
    private Style style = Style.UNKNOWN;
    private String accessToken;
    private String tokenType;
    private Instant expiry;          // null: never expires
    private String refreshToken;

    private OAuth2Tokens(String clientKey, String clientSecret, URI tokenUrl, List<String> scopes,
                         Map<String, List<String>> endpointParams, Supplier<Instant> clock) {
        this.clientKey = clientKey;
        this.clientSecret = clientSecret;
        this.tokenUrl = tokenUrl;
        this.scopes = scopes;
        this.endpointParams = endpointParams;
        this.clock = clock;
        List<String> rt = endpointParams.get("refresh_token");
        this.refreshToken = rt == null || rt.isEmpty() ? null : rt.get(0);
    }

    static FieldSpec field() {
        return FieldSpec.object("oauth2",
                        FieldSpec.bool("enabled").defaultValue(false).description("Whether to authenticate requests with OAuth 2 tokens."),
                        FieldSpec.string("client_key").defaultValue("").description("Identifies this client to the token provider."),
                        FieldSpec.string("client_secret").defaultValue("").description("The secret that proves ownership of the client key."),
                        FieldSpec.string("token_url").defaultValue("").description("The URL of the token endpoint."),
                        FieldSpec.stringList("scopes").defaultValue(List.of()).advanced().description("Permissions to request (optional)."),
                        FieldSpec.of("endpoint_params", FieldType.ANY).map().defaultValue(Map.of()).advanced()
                                .description("Extra parameters for the token request (optional); each value is a list of strings.")
                                .example(Map.of("audience", List.of("https://api.example.com")), Map.of("resource", List.of("a", "b"))))
                .advanced()
                .description("OAuth 2 client credentials: a token is fetched from `token_url` and sent as a bearer credential.");
    }

    /** The configured token source, or null when oauth2 is not enabled. */
    static OAuth2Tokens from(Conf oauth2) throws ConfigException {
        if (!oauth2.bool("enabled")) return null;
        Conf urlConf = oauth2.child("token_url");
        URI url = HttpClientSettings.parseUrl(urlConf.asString(), urlConf);
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Map.Entry<String, Conf> e : oauth2.child("endpoint_params").entries().entrySet()) {
            Object v = e.getValue().value();
            List<String> values = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (!(o instanceof String s)) {
                        throw e.getValue().invalid("values must be strings, got " + Structured.toJson(o));
                    }
                    values.add(s);
                }
            } else {
                throw e.getValue().invalid("expected an array of strings, got " + (v == null ? "null" : Structured.toJson(v)));
            }
            params.put(e.getKey(), values);
        }
        List<String> scopes = oauth2.stringList("scopes");
        if (!scopes.isEmpty() && params.containsKey("scope")) {
            Conf ep = oauth2.child("endpoint_params");
            throw ep.invalid("'scope' cannot be set here as well as in 'scopes'");
        }
        return new OAuth2Tokens(oauth2.string("client_key"), oauth2.string("client_secret"), url, List.copyOf(scopes), params, Instant::now);
    }

    private boolean refreshGrant() {
        List<String> gt = endpointParams.get("grant_type");
        return gt != null && !gt.isEmpty() && gt.get(0).equals("refresh_token");
    }

    /** The value of the {@code Authorization} header: a valid token, fetched when needed. */
    String authorization(HttpClient client, Duration timeout) throws IOException, InterruptedException {
        synchronized (lock) {
            if (accessToken == null || (expiry != null && !clock.get().isBefore(expiry.minus(EXPIRY_MARGIN)))) fetch(client, timeout);
            return tokenType + " " + accessToken;
        }
    }

    private void fetch(HttpClient client, Duration timeout) throws IOException, InterruptedException {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (refreshGrant()) {
            form.put("grant_type", List.of("refresh_token"));
            if (refreshToken != null) form.put("refresh_token", List.of(refreshToken));
        } else {
            form.put("grant_type", List.of("client_credentials"));
        }
        if (!scopes.isEmpty()) form.put("scope", List.of(String.join(" ", scopes)));
        endpointParams.forEach((k, v) -> {
            if (!k.equals("refresh_token") || !refreshGrant()) form.put(k, v);
        });

        HttpResponse<byte[]> res;
        if (style == Style.PARAMS) {
            res = post(client, timeout, form, false);
        } else {
            res = post(client, timeout, form, true);
            if (style == Style.UNKNOWN) {
                if (ok(res.statusCode())) {
                    style = Style.HEADER;
                } else {
                    // Some providers want the credentials in the form body: try that once, keep what works.
                    HttpResponse<byte[]> second = post(client, timeout, form, false);
                    if (ok(second.statusCode())) {
                        style = Style.PARAMS;
                        res = second;
                    }
                }
            }
        }
        if (!ok(res.statusCode())) {
            throw new IOException("oauth2: the token endpoint " + tokenUrl + " (token_url) answered " + Statuses.line(res.statusCode())
                    + ": " + Statuses.bodyExcerpt(res.body()));
        }
        parse(res);
    }

    private static boolean ok(int code) {
        return code >= 200 && code <= 299;
    }

    private HttpResponse<byte[]> post(HttpClient client, Duration timeout, Map<String, List<String>> form, boolean inHeader)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        Map<String, List<String>> all = new LinkedHashMap<>(form);
        if (!inHeader) {
            all.put("client_id", List.of(clientKey));
            if (!clientSecret.isEmpty()) all.put("client_secret", List.of(clientSecret));
        }
        all.forEach((k, vs) -> {
            for (String v : vs) {
                if (!body.isEmpty()) body.append('&');
                body.append(formEncode(k)).append('=').append(formEncode(v));
            }
        });
        HttpRequest.Builder b = HttpRequest.newBuilder(tokenUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (tokenUrl.getScheme().equalsIgnoreCase("http")) b.version(HttpClient.Version.HTTP_1_1);
        if (timeout != null && !timeout.isZero()) b.timeout(timeout);
        if (inHeader) {
            String creds = formEncode(clientKey) + ":" + formEncode(clientSecret);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IOException("oauth2: cannot reach the token endpoint " + tokenUrl + " (token_url): " + Statuses.describe(e), e);
        }
    }

    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void parse(HttpResponse<byte[]> res) throws IOException {
        String ct = res.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("text/plain")) {
            for (String pair : new String(res.body(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        } else {
            Object json;
            try {
                json = Structured.parseJson(res.body());
            } catch (RuntimeException e) {
                throw new IOException("oauth2: the token endpoint " + tokenUrl + " did not answer JSON: " + Statuses.bodyExcerpt(res.body()));
            }
            if (!(json instanceof Map<?, ?> m)) throw new IOException("oauth2: the token endpoint " + tokenUrl + " did not answer a JSON object");
            m.forEach((k, v) -> fields.put(String.valueOf(k), v));
        }
        Object token = fields.get("access_token");
        if (!(token instanceof String t) || t.isEmpty()) {
            throw new IOException("oauth2: the answer of the token endpoint " + tokenUrl + " has no access_token");
        }
        accessToken = t;
        tokenType = typeOf(fields.get("token_type"));
        Object rt = fields.get("refresh_token");
        if (rt instanceof String s && !s.isEmpty()) refreshToken = s;
        long seconds = 0;
        Object exp = fields.get("expires_in");
        if (exp instanceof Number n) seconds = n.longValue();
        else if (exp instanceof String s && !s.isBlank()) {
            try {
                seconds = Long.parseLong(s.trim());
            } catch (NumberFormatException ignored) {
                // no expiry
            }
        }
        expiry = seconds > 0 ? clock.get().plusSeconds(seconds) : null;
    }

    private static String typeOf(Object t) {
        if (!(t instanceof String s) || s.isEmpty()) return "Bearer";
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "bearer" -> "Bearer";
            case "mac" -> "MAC";
            case "basic" -> "Basic";
            default -> s;
        };
    }
}
