package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-API limits inside an access right ({@code access_rights[api].limit} in a Tyk session or policy).
 * A limit whose rate and quota are both unset is "empty": the session-level values apply instead.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiLimit(
        @JsonProperty("rate") double rate,
        @JsonProperty("per") double per,
        @JsonProperty("throttle_interval") double throttleInterval,
        @JsonProperty("throttle_retry_limit") int throttleRetryLimit,
        @JsonProperty("quota_max") long quotaMax,
        @JsonProperty("quota_renews") long quotaRenews,
        @JsonProperty("quota_remaining") long quotaRemaining,
        @JsonProperty("quota_renewal_rate") long quotaRenewalRate,
        @JsonProperty("set_by") String setBy) {

    public static final ApiLimit EMPTY = new ApiLimit(0, 0, 0, 0, 0, 0, 0, 0, null);

    @JsonIgnore
    public boolean isEmpty() {
        return rate == 0 && per == 0 && quotaMax == 0 && quotaRenewalRate == 0
                && throttleInterval == 0 && throttleRetryLimit == 0;
    }

    public ApiLimit withSetByAndRenews(String by, long renews) {
        return new ApiLimit(rate, per, throttleInterval, throttleRetryLimit, quotaMax, renews, quotaRemaining, quotaRenewalRate, by);
    }

    public ApiLimit withRate(double newRate, double newPer) {
        return new ApiLimit(newRate, newPer, throttleInterval, throttleRetryLimit, quotaMax, quotaRenews, quotaRemaining, quotaRenewalRate, setBy);
    }

    public ApiLimit withQuota(long max, long renewalRate) {
        return new ApiLimit(rate, per, throttleInterval, throttleRetryLimit, max, quotaRenews, quotaRemaining, renewalRate, setBy);
    }

    public ApiLimit withThrottle(double interval, int retries) {
        return new ApiLimit(rate, per, interval, retries, quotaMax, quotaRenews, quotaRemaining, quotaRenewalRate, setBy);
    }
}
