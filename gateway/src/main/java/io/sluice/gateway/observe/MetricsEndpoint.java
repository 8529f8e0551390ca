package io.sluice.gateway.observe;

import io.sluice.core.observe.ProcessMetrics;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.session.KeyHasher;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /metrics}: the process registry in the Prometheus text format. Rendering walks every meter, so it runs
 * off the event loop. With {@code metrics.require_secret} the management secret must be sent, as for {@code /tyk/}.
 */
public final class MetricsEndpoint {

    public static final String PATH = "/metrics";

    private final BlockingWork blocking;
    private final String secret;

    /** @param secret the secret asked for, or null when anyone may scrape */
    public MetricsEndpoint(BlockingWork blocking, String secret) {
        this.blocking = blocking;
        this.secret = secret;
    }

    public void handle(HttpServerRequest request) {
        var response = request.response();
        if (secret != null && !KeyHasher.constantTimeEquals(secret, request.getHeader(GatewayConfig.SECRET_HEADER))) {
            response.setStatusCode(403).putHeader("Content-Type", "application/json").end("{\"status\":\"error\",\"message\":\"Attempted administrative access with invalid or missing key!\"}");
            return;
        }
        if (!"GET".equals(request.method().name()) && !"HEAD".equals(request.method().name())) {
            response.setStatusCode(405).putHeader("Allow", "GET").end();
            return;
        }
        blocking.submit(ProcessMetrics::prometheusText).onComplete(text -> {
            if (response.closed()) return;
            if (text.failed()) {
                response.setStatusCode(500).end("metrics could not be rendered: " + text.cause().getMessage());
            } else {
                response.putHeader("Content-Type", ProcessMetrics.PROMETHEUS_CONTENT_TYPE).end(text.result());
            }
        });
    }
}
