package io.sluice.gateway.middleware;

import io.sluice.gateway.apidef.Cors;
import io.sluice.gateway.exchange.Exchange;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Cross-origin requests: answers preflights itself (or, with {@code optionsPassthrough}, lets them through to the
 * upstream without authentication, as Tyk does) and adds the CORS headers to the answers of allowed origins.
 */
public final class CorsStep implements Step {

    private final Cors cors;
    private final List<Pattern> origins;

    public CorsStep(Cors cors) {
        this.cors = cors;
        this.origins = cors.allowedOrigins().stream()
                .map(o -> Pattern.compile(Pattern.quote(o).replace("*", "\\E[^/]*\\Q")))
                .toList();
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        HttpServerRequest request = exchange.request();
        String origin = request.getHeader("Origin");
        boolean preflight = request.method() == HttpMethod.OPTIONS && origin != null
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight && cors.optionsPassthrough()) {
            exchange.bypassSecurity();
            next.proceed();
            return;
        }
        if (origin == null || !originAllowed(origin)) {
            if (preflight) {
                exchange.fail(403, "CORS origin not allowed");
                return;
            }
            next.proceed();
            return;
        }
        MultiMap headers = exchange.responseHeaders();
        headers.set("Access-Control-Allow-Origin", cors.allowedOrigins().contains("*") && !cors.allowCredentials() ? "*" : origin);
        headers.add("Vary", "Origin");
        if (cors.allowCredentials()) {
            headers.set("Access-Control-Allow-Credentials", "true");
        }
        if (preflight) {
            request.resume();
            headers.set("Access-Control-Allow-Methods", String.join(", ", cors.allowedMethods().isEmpty()
                    ? List.of("GET", "POST", "HEAD") : cors.allowedMethods()));
            String requested = request.getHeader("Access-Control-Request-Headers");
            if (!cors.allowedHeaders().isEmpty()) {
                headers.set("Access-Control-Allow-Headers", String.join(", ", cors.allowedHeaders()));
            } else if (requested != null) {
                headers.set("Access-Control-Allow-Headers", requested);
            }
            if (cors.maxAge() > 0) {
                headers.set("Access-Control-Max-Age", Integer.toString(cors.maxAge()));
            }
            if (exchange.claimResponse()) {
                request.response().headers().addAll(headers);
                request.response().setStatusCode(204).end();
            }
            return;
        }
        if (!cors.exposedHeaders().isEmpty()) {
            headers.set("Access-Control-Expose-Headers", String.join(", ", cors.exposedHeaders()));
        }
        next.proceed();
    }

    private boolean originAllowed(String origin) {
        return cors.allowedOrigins().contains("*") || origins.stream().anyMatch(p -> p.matcher(origin).matches());
    }
}
