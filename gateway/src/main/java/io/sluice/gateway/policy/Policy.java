package io.sluice.gateway.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.gateway.session.AccessDefinition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Tyk security policy: access rights, rate limit, throttling, quota and key expiry shared by many keys. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Policy(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("rate") double rate,
        @JsonProperty("per") double per,
        @JsonProperty("throttle_interval") double throttleInterval,
        @JsonProperty("throttle_retry_limit") int throttleRetryLimit,
        @JsonProperty("quota_max") long quotaMax,
        @JsonProperty("quota_renewal_rate") long quotaRenewalRate,
        @JsonProperty("access_rights") Map<String, AccessDefinition> accessRights,
        @JsonProperty("hmac_enabled") boolean hmacEnabled,
        @JsonProperty("active") Boolean active,
        @JsonProperty("is_inactive") boolean inactive,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("meta_data") Map<String, Object> metaData,
        @JsonProperty("key_expires_in") long keyExpiresIn,
        @JsonProperty("partitions") Partitions partitions,
        @JsonProperty("last_updated") String lastUpdated) {

    public Policy {
        id = id == null ? "" : id;
        name = name == null ? "" : name;
        orgId = orgId == null ? "" : orgId;
        accessRights = accessRights == null ? Map.of() : Map.copyOf(accessRights);
        active = active == null ? Boolean.TRUE : active;
        tags = tags == null ? List.of() : List.copyOf(tags);
        metaData = metaData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metaData));
        partitions = partitions == null ? Partitions.NONE : partitions;
        lastUpdated = lastUpdated == null ? "" : lastUpdated;
    }

    public Policy withId(String newId) {
        return new Policy(newId, name, orgId, rate, per, throttleInterval, throttleRetryLimit, quotaMax, quotaRenewalRate,
                accessRights, hmacEnabled, active, inactive, tags, metaData, keyExpiresIn, partitions, lastUpdated);
    }
}
