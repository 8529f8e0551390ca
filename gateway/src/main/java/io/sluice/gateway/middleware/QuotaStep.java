package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.limits.EffectiveLimits;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.storage.QuotaUsage;

import java.util.function.Predicate;

/**
 * The key's quota: one request takes one unit; when none is left the answer is 403 until the quota renews. A request
 * whose handler counts its own units (a stream connection counting messages) only checks that some quota is left.
 */
public final class QuotaStep implements Step {

    private final LimitKeeper limits;
    private final boolean reportQuotas;
    private final Predicate<Exchange> meteredByHandler;

    public QuotaStep(LimitKeeper limits, boolean reportQuotas) {
        this(limits, reportQuotas, exchange -> false);
    }

    public QuotaStep(LimitKeeper limits, boolean reportQuotas, Predicate<Exchange> meteredByHandler) {
        this.limits = limits;
        this.reportQuotas = reportQuotas;
        this.meteredByHandler = meteredByHandler;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        var identity = exchange.identity();
        if (identity == null) {
            next.proceed();
            return;
        }
        EffectiveLimits effective = LimitKeeper.limitsFor(identity.session(), exchange.api().id());
        var usageFuture = meteredByHandler.test(exchange)
                ? limits.peekQuota(identity.keyHash(), effective)
                : limits.takeQuota(identity.keyHash(), effective, 1);
        usageFuture.onComplete(result -> {
            if (result.failed()) {
                exchange.fail(500, ErrorMessages.UPSTREAM_FAILED);
                return;
            }
            QuotaUsage usage = result.result();
            if (usage == null) {
                next.proceed();
                return;
            }
            if (reportQuotas) {
                exchange.responseHeaders()
                        .set("X-RateLimit-Limit", Long.toString(usage.max()))
                        .set("X-RateLimit-Remaining", Long.toString(usage.remaining()))
                        .set("X-RateLimit-Reset", Long.toString(usage.renewsEpochSeconds()));
            }
            if (usage.allowed()) {
                next.proceed();
            } else {
                exchange.fail(403, ErrorMessages.QUOTA_EXCEEDED);
            }
        });
    }
}
