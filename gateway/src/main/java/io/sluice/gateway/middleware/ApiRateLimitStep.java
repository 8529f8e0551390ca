package io.sluice.gateway.middleware;

import io.sluice.gateway.apidef.RateSpec;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.limits.LimitKeeper;

/**
 * Rate limits that protect the upstream rather than meter a client: the API-wide {@code upstream.rateLimit} and
 * per-operation {@code rateLimit}, counted over all callers. Checked before authentication, so a flood is turned
 * away cheaply.
 */
public final class ApiRateLimitStep implements Step {

    private final RateSpec apiWide;
    private final LimitKeeper limits;

    public ApiRateLimitStep(RateSpec apiWide, LimitKeeper limits) {
        this.apiWide = apiWide;
        this.limits = limits;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        String apiId = exchange.api().id();
        RateSpec endpoint = exchange.operationMiddleware().rateLimit();
        check(exchange, apiWide, "api-" + apiId, () ->
                check(exchange, endpoint, "endpoint-" + apiId + "-" + (exchange.operation() == null ? "" : exchange.operation().operationId()), next));
    }

    private void check(Exchange exchange, RateSpec spec, String bucket, Continuation next) {
        if (spec == null) {
            next.proceed();
            return;
        }
        limits.takeRate(bucket, spec.rate(), spec.per().toMillis() / 1000.0).onComplete(result -> {
            if (result.failed()) {
                exchange.fail(500, ErrorMessages.UPSTREAM_FAILED);
            } else if (result.result().allowed()) {
                next.proceed();
            } else {
                exchange.fail(429, ErrorMessages.API_RATE_LIMITED);
            }
        });
    }
}
