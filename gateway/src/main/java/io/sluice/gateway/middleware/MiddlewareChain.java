package io.sluice.gateway.middleware;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.OperationMiddleware;
import io.sluice.gateway.auth.JwtVerifier;
import io.sluice.gateway.exchange.RouteHandler;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.tls.ClientCertificateAllowlist;

import java.util.ArrayList;
import java.util.List;

/**
 * THE order of request processing, in one place. For each API only the steps it needs are included, so a keyless
 * API without middleware goes straight to its handler.
 * <ol>
 *   <li>{@link ClientCertificateStep} refuses clients without an allowed TLS certificate (static mTLS), first;</li>
 *   <li>{@link CorsStep} answers preflights before anything else may refuse them;</li>
 *   <li>{@link RequestSizeLimitStep} refuses oversized bodies before any work is done;</li>
 *   <li>{@link EndpointAccessStep} applies the operation allow/block lists;</li>
 *   <li>{@link ApiRateLimitStep} protects the upstream from all callers together, cheaply, before authentication;</li>
 *   <li>{@link AuthenticationStep} finds the key and its session (policies applied);</li>
 *   <li>{@link KeyValidityStep} refuses inactive and expired keys;</li>
 *   <li>{@link AccessRightsStep} checks the key may use this API and path;</li>
 *   <li>{@link RateLimitStep} then {@link QuotaStep}: a request refused by the rate limit does not use quota; a request
 *       whose handler {@linkplain RouteHandler#metersItself meters itself} (stream messages) is only checked;</li>
 *   <li>{@link RequestHeaderTransformStep} shapes what the upstream sees, last, so no step above sees changed headers;</li>
 *   <li>then the route handler: a mock response, a mounted handler (stream endpoints) or the upstream proxy.</li>
 * </ol>
 */
public final class MiddlewareChain {

    private MiddlewareChain() {
    }

    public static Chain assemble(ApiDefinition api, GatewayServices services, JwtVerifier jwtVerifier, RouteHandler terminal) {
        List<Step> steps = new ArrayList<>();
        if (api.tls().clientCertificates().enabled()) {
            steps.add(new ClientCertificateStep(ClientCertificateAllowlist.of(api.tls().clientCertificates().allowlist())));
        }
        if (api.global().cors().enabled()) {
            steps.add(new CorsStep(api.global().cors()));
        }
        if (api.global().requestSizeLimit() > 0) {
            steps.add(new RequestSizeLimitStep(api.global().requestSizeLimit()));
        }
        if (api.operations().values().stream().anyMatch(o -> o.allow() || o.block())) {
            steps.add(new EndpointAccessStep(api.hasAllowList()));
        }
        if (api.upstreamRateLimit() != null || api.operations().values().stream().anyMatch(o -> o.rateLimit() != null)) {
            steps.add(new ApiRateLimitStep(api.upstreamRateLimit(), services.limits()));
        }
        if (api.authentication().enabled()) {
            boolean reportQuotas = "quotas".equalsIgnoreCase(services.config().rateLimitResponseHeaders());
            steps.add(new AuthenticationStep(api.authentication(), services, jwtVerifier));
            steps.add(new KeyValidityStep());
            steps.add(new AccessRightsStep());
            steps.add(new RateLimitStep(services.limits(), services.vertx(), !reportQuotas, terminal::metersItself));
            steps.add(new QuotaStep(services.limits(), reportQuotas, terminal::metersItself));
        }
        if (!api.global().requestHeaders().isEmpty()
                || api.operations().values().stream().map(OperationMiddleware::requestHeaders).anyMatch(t -> !t.isEmpty())) {
            steps.add(new RequestHeaderTransformStep(api.global().requestHeaders()));
        }
        return new Chain(steps, terminal);
    }
}
