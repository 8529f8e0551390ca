package io.sluice.gateway.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which parts of a policy apply to a key. None set means all of them; {@code per_api} makes the policy's
 * limits apply to each of its APIs separately and cannot be combined with the others.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Partitions(
        @JsonProperty("quota") boolean quota,
        @JsonProperty("rate_limit") boolean rateLimit,
        @JsonProperty("complexity") boolean complexity,
        @JsonProperty("acl") boolean acl,
        @JsonProperty("per_api") boolean perApi) {

    public static final Partitions NONE = new Partitions(false, false, false, false, false);

    /** True when the policy is split: only the named parts apply. */
    @JsonIgnore
    public boolean enabled() {
        return quota || rateLimit || complexity || acl;
    }
}
