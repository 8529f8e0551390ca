package io.sluice.gateway.auth;

import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.Identity;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HMAC request signatures as Tyk checks them (draft-cavage HTTP signatures):
 * {@code Authorization: Signature keyId="<key>",algorithm="hmac-sha256",headers="date",signature="<base64>"}.
 * The secret is the key's {@code hmac_string}; the signed text is the listed headers as {@code name: value} lines
 * ({@code (request-target)} is "method path"). The signature may be URL-encoded, as Tyk's clients send it.
 */
public final class HmacAuthenticator implements Authenticator {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "hmac-sha1", "HmacSHA1", "hmac-sha256", "HmacSHA256", "hmac-sha384", "HmacSHA384", "hmac-sha512", "HmacSHA512");
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final SecurityScheme.Hmac scheme;
    private final GatewayServices services;

    public HmacAuthenticator(SecurityScheme.Hmac scheme, GatewayServices services) {
        this.scheme = scheme;
        this.services = services;
    }

    @Override
    public Future<Identity> authenticate(Exchange exchange) {
        HttpServerRequest request = exchange.request();
        String header = CredentialReader.read(request, scheme.sources());
        if (header == null) {
            return Future.failedFuture(new AuthFailure(401, ErrorMessages.AUTH_FIELD_MISSING));
        }
        if (!header.regionMatches(true, 0, "Signature ", 0, 10)) {
            return Future.failedFuture(new AuthFailure(400, "Authorization field missing or malformed, expected a Signature"));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(header.substring(10));
        while (matcher.find()) {
            parameters.put(matcher.group(1), matcher.group(2));
        }
        String keyId = parameters.get("keyId");
        String algorithm = parameters.getOrDefault("algorithm", "").toLowerCase(Locale.ROOT);
        String signature = parameters.get("signature");
        if (keyId == null || signature == null || !ALGORITHMS.containsKey(algorithm)
                || (!scheme.allowedAlgorithms().isEmpty() && !scheme.allowedAlgorithms().contains(algorithm))) {
            return Future.failedFuture(new AuthFailure(400, "Request signature is invalid or uses an algorithm not allowed"));
        }
        List<String> signedHeaders = List.of(parameters.getOrDefault("headers", "date").toLowerCase(Locale.ROOT).trim().split("\\s+"));
        if (!dateWithinSkew(request.getHeader("Date"))) {
            return Future.failedFuture(new AuthFailure(400, "Date header is missing, unreadable or outside the allowed clock skew"));
        }
        return services.sessions().findFirst(services.hasher().lookupIds(keyId, exchange.api().orgId())).map(found -> {
            Identity identity = found.orElseThrow(() -> new AuthFailure(403, ErrorMessages.ACCESS_DISALLOWED));
            var session = identity.session();
            if (!session.hmacEnabled() || session.hmacString().isEmpty()) {
                throw new AuthFailure(403, ErrorMessages.ACCESS_DISALLOWED);
            }
            String expected = sign(ALGORITHMS.get(algorithm), session.hmacString(), signingText(request, signedHeaders));
            if (!signatureMatches(expected, signature)) {
                throw new AuthFailure(400, "Request signature is invalid");
            }
            return identity;
        });
    }

    private boolean dateWithinSkew(String date) {
        if (scheme.allowedClockSkewMillis() <= 0) {
            return true;
        }
        if (date == null) {
            return false;
        }
        try {
            long sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.abs(System.currentTimeMillis() - sent) <= scheme.allowedClockSkewMillis();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String signingText(HttpServerRequest request, List<String> headers) {
        StringBuilder text = new StringBuilder();
        for (String name : headers) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            if (name.equals("(request-target)")) {
                text.append("(request-target): ").append(request.method().name().toLowerCase(Locale.ROOT)).append(' ').append(request.uri());
            } else {
                String value = request.getHeader(name);
                text.append(name).append(": ").append(value == null ? "" : value.trim());
            }
        }
        return text.toString();
    }

    public static String sign(String javaAlgorithm, String secret, String text) {
        try {
            Mac mac = Mac.getInstance(javaAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlgorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("HMAC unavailable: " + e.getMessage(), e);
        }
    }

    private static boolean signatureMatches(String expected, String given) {
        String decoded = given.contains("%") ? URLDecoder.decode(given, StandardCharsets.UTF_8) : given;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), decoded.getBytes(StandardCharsets.UTF_8));
    }
}
