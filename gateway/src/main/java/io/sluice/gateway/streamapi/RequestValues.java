package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.auth.CredentialReader;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.runtime.GatewayJson;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values of Tyk's context variables for one admitted request (after authentication), and of {@code $tyk_meta}
 * from the key's session:
 * <ul>
 *   <li>{@code remote_addr}, {@code request_ip} (a proxy's {@code X-Real-IP} / {@code X-Forwarded-For}, else
 *       {@code remote_addr}), {@code request_id} (generated per request), {@code path} (the full request path),
 *       {@code path_parts} (its segments, comma separated), {@code token} (the credential, without "Bearer ");</li>
 *   <li>{@code headers_<Name>} ({@code -} written as {@code _}, any case: {@code headers_X_User_Id}),
 *       {@code request_data_<field>} (query parameter), {@code cookies_<name>} ({@code -} written as {@code _}),
 *       {@code jwt_claims_<claim>} (from the JWT the chain verified);</li>
 *   <li>{@code $tyk_meta.<key>}: the key's {@code meta_data} entry (text, or JSON for other values).</li>
 * </ul>
 * An unknown variable or a missing value is the empty string.
 */
final class RequestValues implements Function<ContextVariables.Ref, String> {

    private final Exchange exchange;
    private final String requestId;
    private JWTClaimsSet claims;
    private boolean claimsRead;

    RequestValues(Exchange exchange, String requestId) {
        this.exchange = exchange;
        this.requestId = requestId;
    }

    @Override
    public String apply(ContextVariables.Ref ref) {
        String value = ref.kind().equals("meta") ? meta(ref.name()) : context(ref.name());
        return value == null ? "" : value;
    }

    private String meta(String key) {
        if (exchange.identity() == null) {
            return null;
        }
        return text(exchange.identity().session().metaData().get(key));
    }

    private String context(String name) {
        HttpServerRequest request = exchange.request();
        switch (name) {
            case "remote_addr":
                return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            case "request_ip":
                return clientIp(request);
            case "request_id":
                return requestId;
            case "path":
                return request.path();
            case "path_parts":
                return Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).collect(Collectors.joining(","));
            case "token":
                return credential(false);
            default:
                break;
        }
        if (name.startsWith("headers_")) {
            return request.getHeader(name.substring("headers_".length()).replace('_', '-'));
        }
        if (name.startsWith("request_data_")) {
            return request.getParam(name.substring("request_data_".length()));
        }
        if (name.startsWith("cookies_")) {
            String wanted = name.substring("cookies_".length());
            for (Cookie cookie : request.cookies()) {
                if (cookie.getName().replace('-', '_').equals(wanted)) {
                    return cookie.getValue();
                }
            }
            return null;
        }
        if (name.startsWith("jwt_claims_")) {
            JWTClaimsSet set = claims();
            return set == null ? null : text(set.getClaim(name.substring("jwt_claims_".length())));
        }
        return null;
    }

    /**
     * The client's address as Tyk's {@code request_ip} gives it: the first address of {@code X-Real-IP} or
     * {@code X-Forwarded-For} when a proxy in front of the gateway set one, else the connection's peer.
     */
    private static String clientIp(HttpServerRequest request) {
        for (String header : new String[] {"X-Real-IP", "X-Forwarded-For"}) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return value.split(",")[0].trim();
            }
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** The raw credential of the API's first method (or of its JWT method), without a "Bearer " prefix. */
    private String credential(boolean jwtOnly) {
        for (SecurityScheme scheme : exchange.api().authentication().schemes()) {
            boolean jwt = scheme instanceof SecurityScheme.Jwt || scheme instanceof SecurityScheme.ExternalOAuth;
            if (jwtOnly && !jwt) {
                continue;
            }
            String value = CredentialReader.read(exchange.request(), scheme.sources());
            if (value != null) {
                return CredentialReader.stripBearer(value);
            }
        }
        return null;
    }

    /** The chain has verified the token already; here it is only read. */
    private JWTClaimsSet claims() {
        if (!claimsRead) {
            claimsRead = true;
            String token = credential(true);
            if (token != null) {
                try {
                    claims = JWTParser.parse(token).getJWTClaimsSet();
                } catch (Exception e) {
                    claims = null;
                }
            }
        }
        return claims;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Date d) {
            return Long.toString(d.getTime() / 1000);
        }
        try {
            return GatewayJson.MAPPER.writeValueAsString(value instanceof Map<?, ?> || value instanceof Iterable<?> ? value : value.toString());
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
