package io.sluice.gateway.apidef;

import java.time.Duration;

/** "{@code rate} requests per {@code per}", as in an endpoint or API-level rate limit. */
public record RateSpec(double rate, Duration per) {
}
