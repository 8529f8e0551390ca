package io.sluice.gateway.limits;

/**
 * The rate limit, throttling and quota that apply to one key on one API, after policies.
 *
 * @param scope counters are shared by all APIs with the same scope; "" = the key's global counters
 */
public record EffectiveLimits(double rate, double per, double throttleInterval, int throttleRetryLimit,
                              long quotaMax, long quotaRenewalRate, String scope) {

    /** Tyk: a rate or period of zero (or less) means no rate limit. */
    public boolean rateLimited() {
        return rate > 0 && per > 0;
    }

    /** Tyk: quota_max of zero or -1 means no quota. */
    public boolean quotaLimited() {
        return quotaMax > 0;
    }
}
