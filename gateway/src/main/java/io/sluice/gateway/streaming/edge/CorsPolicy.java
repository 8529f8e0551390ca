package io.sluice.gateway.streaming.edge;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Set;

/**
 * The {@code cors} field of a standalone {@code http_server} component: which browser origins may call its endpoints.
 * Inside the gateway the API's own CORS settings apply instead.
 */
public record CorsPolicy(boolean enabled, List<String> allowedOrigins) {

    public static final CorsPolicy DISABLED = new CorsPolicy(false, List.of());

    public CorsPolicy {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    private boolean allows(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    /**
     * Adds the CORS response headers for an allowed origin, and answers a preflight request. Returns true when the
     * request was answered (a preflight), false when the endpoint should go on.
     */
    public boolean apply(HttpServerRequest request, Set<String> methods) {
        if (!enabled) return false;
        String origin = request.getHeader("Origin");
        if (origin == null) return false;
        HttpServerResponse response = request.response();
        boolean allowed = allows(origin);
        if (allowed) {
            response.putHeader("Access-Control-Allow-Origin", allowedOrigins.contains("*") ? "*" : origin);
            response.putHeader("Vary", "Origin");
        }
        if (request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null) {
            if (allowed) {
                response.putHeader("Access-Control-Allow-Methods", String.join(", ", methods));
                String asked = request.getHeader("Access-Control-Request-Headers");
                if (asked != null) response.putHeader("Access-Control-Allow-Headers", asked);
                response.putHeader("Access-Control-Max-Age", "600");
            }
            request.resume();
            response.setStatusCode(allowed ? 204 : 403).end();
            return true;
        }
        return false;
    }
}
