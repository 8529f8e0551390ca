package io.sluice.gateway.limits;

import io.sluice.gateway.session.AccessDefinition;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.storage.LimitCounters;
import io.sluice.gateway.storage.QuotaUsage;
import io.sluice.gateway.storage.RateGrant;
import io.sluice.gateway.storage.RateWindow;
import io.vertx.core.Future;

/**
 * Applies a key's rate limit and quota. Used per request by the chain and per delivered message by stream APIs,
 * so both count against the same counters.
 */
public final class LimitKeeper {

    private final LimitCounters counters;

    public LimitKeeper(LimitCounters counters) {
        this.counters = counters;
    }

    /** A per-API limit in the key's access rights wins over the key-level fields. */
    public static EffectiveLimits limitsFor(Session session, String apiId) {
        AccessDefinition access = session.accessRights().get(apiId);
        if (access != null && !access.limit().isEmpty()) {
            var limit = access.limit();
            // Policies set the scope: APIs granted by the same policy share counters, as in Tyk.
            return new EffectiveLimits(limit.rate(), limit.per(), limit.throttleInterval(), limit.throttleRetryLimit(),
                    limit.quotaMax(), limit.quotaRenewalRate(), access.allowanceScope());
        }
        return new EffectiveLimits(session.rate(), session.per(), session.throttleInterval(), session.throttleRetryLimit(),
                session.quotaMax(), session.quotaRenewalRate(), "");
    }

    /** Counts one hit against the key's rate limit; completes with null when the key has none. */
    public Future<RateWindow> takeRate(String keyHash, EffectiveLimits limits) {
        if (!limits.rateLimited()) {
            return Future.succeededFuture();
        }
        return takeRate(bucket(keyHash, limits.scope()), limits.rate(), limits.per());
    }

    /** Counts one hit against any "rate per seconds" limit, e.g. an API-wide or endpoint limit. */
    public Future<RateWindow> takeRate(String bucket, double rate, double perSeconds) {
        Window w = Window.of(rate, perSeconds);
        return counters.hit(bucket, w.hits(), w.millis());
    }

    /**
     * Counts up to {@code units} hits against the key's rate limit at once, as many as fit; completes with null when
     * the key has none. For allowance taken in blocks (stream APIs metering every message).
     */
    public Future<RateGrant> takeRateUpTo(String keyHash, EffectiveLimits limits, long units) {
        if (!limits.rateLimited()) {
            return Future.succeededFuture();
        }
        Window w = Window.of(limits.rate(), limits.per());
        return counters.hitUpTo(bucket(keyHash, limits.scope()), w.hits(), w.millis(), units);
    }

    /** The sliding window a "rate per seconds" limit is counted in: at most {@code hits} in any {@code millis}. */
    public record Window(long hits, long millis) {
        public static Window of(double rate, double perSeconds) {
            if (rate >= 1 && rate == Math.floor(rate)) {
                return new Window((long) rate, Math.max(1, Math.round(perSeconds * 1000)));
            }
            // Fractional rates (2.5 per second) become one hit per interval: the same average, never a burst.
            return new Window(1, Math.max(1, Math.round(perSeconds / rate * 1000)));
        }
    }

    /** Takes {@code units} from the key's quota; completes with null when the key has none. */
    public Future<QuotaUsage> takeQuota(String keyHash, EffectiveLimits limits, long units) {
        if (!limits.quotaLimited()) {
            return Future.succeededFuture();
        }
        return counters.consumeQuota(bucket(keyHash, limits.scope()), limits.quotaMax(), limits.quotaRenewalRate(), units);
    }

    public Future<QuotaUsage> peekQuota(String keyHash, EffectiveLimits limits) {
        if (!limits.quotaLimited()) {
            return Future.succeededFuture();
        }
        return counters.peekQuota(bucket(keyHash, limits.scope()), limits.quotaMax());
    }

    public Future<Void> resetQuota(String keyHash, EffectiveLimits limits) {
        return counters.resetQuota(bucket(keyHash, limits.scope()));
    }

    /** Tyk's counter naming: the scope (if any) then the key hash. */
    public static String bucket(String keyHash, String scope) {
        return scope.isEmpty() ? keyHash : scope + "-" + keyHash;
    }
}
