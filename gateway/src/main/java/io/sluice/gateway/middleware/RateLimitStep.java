package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.limits.EffectiveLimits;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.storage.RateWindow;
import io.vertx.core.Vertx;

import java.util.function.Predicate;

/**
 * The key's rate limit (sliding window). With throttling ({@code throttle_retry_limit} and
 * {@code throttle_interval}) a request over the limit waits and retries instead of failing at once.
 * Sets {@code X-RateLimit-Limit/-Remaining/-Reset} when the gateway reports rates in those headers.
 */
public final class RateLimitStep implements Step {

    private final LimitKeeper limits;
    private final Vertx vertx;
    private final boolean reportRates;
    private final Predicate<Exchange> meteredByHandler;

    public RateLimitStep(LimitKeeper limits, Vertx vertx, boolean reportRates) {
        this(limits, vertx, reportRates, exchange -> false);
    }

    /** @param meteredByHandler requests whose handler takes the rate limit per unit it serves (stream messages) */
    public RateLimitStep(LimitKeeper limits, Vertx vertx, boolean reportRates, Predicate<Exchange> meteredByHandler) {
        this.limits = limits;
        this.vertx = vertx;
        this.reportRates = reportRates;
        this.meteredByHandler = meteredByHandler;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        var identity = exchange.identity();
        if (identity == null || meteredByHandler.test(exchange)) {
            next.proceed();
            return;
        }
        EffectiveLimits effective = LimitKeeper.limitsFor(identity.session(), exchange.api().id());
        attempt(exchange, next, identity.keyHash(), effective, 0);
    }

    private void attempt(Exchange exchange, Continuation next, String keyHash, EffectiveLimits effective, int retries) {
        limits.takeRate(keyHash, effective).onComplete(result -> {
            if (result.failed()) {
                exchange.fail(500, ErrorMessages.UPSTREAM_FAILED);
                return;
            }
            RateWindow window = result.result();
            if (window == null) {
                next.proceed();
                return;
            }
            if (reportRates) {
                exchange.responseHeaders()
                        .set("X-RateLimit-Limit", Long.toString(window.limit()))
                        .set("X-RateLimit-Remaining", Long.toString(window.remaining()))
                        .set("X-RateLimit-Reset", Long.toString(Math.ceilDiv(window.resetEpochMillis(), 1000L)));
            }
            if (window.allowed()) {
                next.proceed();
            } else if (retries < effective.throttleRetryLimit() && effective.throttleInterval() > 0) {
                long waitMillis = Math.max(1, Math.round(effective.throttleInterval() * 1000));
                vertx.setTimer(waitMillis, t -> attempt(exchange, next, keyHash, effective, retries + 1));
            } else {
                exchange.fail(429, ErrorMessages.RATE_LIMITED);
            }
        });
    }
}
