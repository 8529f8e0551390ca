package io.sluice.gateway.storage;

import io.vertx.core.Future;

/**
 * Counters behind rate limits and quotas, shared by every node on the same storage.
 * Rate limits use a sliding log: a hit is allowed when fewer than {@code limit} hits were allowed in the
 * {@code windowMillis} before it, so there is no double burst at the edge of a fixed window.
 */
public interface LimitCounters {

    /** Counts a hit when it fits; rejected hits are not counted. A block of one: see {@link #hitUpTo}. */
    default Future<RateWindow> hit(String bucket, long limit, long windowMillis) {
        return hitUpTo(bucket, limit, windowMillis, 1).map(grant ->
                new RateWindow(grant.granted() == 1, limit, grant.remaining(), grant.resetEpochMillis()));
    }

    /**
     * Counts up to {@code units} hits at one instant, as many as fit (possibly none), in the same log as {@link #hit}:
     * one call for a block of allowance that a node then hands out itself (stream APIs meter every message).
     */
    Future<RateGrant> hitUpTo(String bucket, long limit, long windowMillis, long units);

    /** Takes {@code units} from the quota when they fit; the counter renews {@code renewalSeconds} after its first use. */
    Future<QuotaUsage> consumeQuota(String bucket, long max, long renewalSeconds, long units);

    Future<QuotaUsage> peekQuota(String bucket, long max);

    Future<Void> resetQuota(String bucket);

    Future<Void> resetRate(String bucket);
}
