package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where policies come from at start-up, as in tyk.conf: {@code policy_path} is a folder of policy files (one
 * policy per file, or a map of id to policy), {@code policy_record_name} a single file holding such a map.
 * Policies created through the management API are stored in the storage and, when {@code policy_path} is set,
 * written there too.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PoliciesConfig(
        @JsonProperty("policy_source") String policySource,
        @JsonProperty("policy_path") String policyPath,
        @JsonProperty("policy_record_name") String policyRecordName) {

    public static PoliciesConfig none() {
        return new PoliciesConfig("file", "", "");
    }
}
