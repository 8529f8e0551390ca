package io.sluice.gateway.storage;

import io.vertx.core.Future;

/**
 * Counters behind rate limits and quotas, shared by every node on the same storage.
 * Rate limits use a sliding log: a hit is allowed when fewer than {@code limit} hits were allowed in the
 * {@code windowMillis} before it, so there is no double burst at the edge of a fixed window.
 */
public interface LimitCounters {

    /** Counts a hit when it fits; rejected hits are not counted. */
    Future<RateWindow> hit(String bucket, long limit, long windowMillis);

    /** Takes {@code units} from the quota when they fit; the counter renews {@code renewalSeconds} after its first use. */
    Future<QuotaUsage> consumeQuota(String bucket, long max, long renewalSeconds, long units);

    Future<QuotaUsage> peekQuota(String bucket, long max);

    Future<Void> resetQuota(String bucket);

    Future<Void> resetRate(String bucket);
}
