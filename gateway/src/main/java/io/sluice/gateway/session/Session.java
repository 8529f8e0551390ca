package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key's session object, field for field the JSON Tyk users already keep ({@code rate}, {@code per},
 * {@code quota_max}, {@code access_rights}, {@code apply_policies}, ...). Stored as JSON under the key's hash.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Session(
        @JsonProperty("last_check") long lastCheck,
        @JsonProperty("allowance") double allowance,
        @JsonProperty("rate") double rate,
        @JsonProperty("per") double per,
        @JsonProperty("throttle_interval") double throttleInterval,
        @JsonProperty("throttle_retry_limit") int throttleRetryLimit,
        @JsonProperty("date_created") String dateCreated,
        @JsonProperty("expires") long expires,
        @JsonProperty("quota_max") long quotaMax,
        @JsonProperty("quota_renews") long quotaRenews,
        @JsonProperty("quota_remaining") long quotaRemaining,
        @JsonProperty("quota_renewal_rate") long quotaRenewalRate,
        @JsonProperty("access_rights") Map<String, AccessDefinition> accessRights,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("basic_auth_data") BasicAuthData basicAuthData,
        @JsonProperty("jwt_data") JwtData jwtData,
        @JsonProperty("hmac_enabled") boolean hmacEnabled,
        @JsonProperty("hmac_string") String hmacString,
        @JsonProperty("is_inactive") boolean inactive,
        @JsonProperty("apply_policy_id") String applyPolicyId,
        @JsonProperty("apply_policies") List<String> applyPolicies,
        @JsonProperty("meta_data") Map<String, Object> metaData,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("alias") String alias,
        @JsonProperty("last_updated") String lastUpdated,
        @JsonProperty("certificate") String certificate,
        @JsonProperty("mtls_static_certificate_bindings") List<String> mtlsStaticCertificateBindings) {

    public Session {
        accessRights = accessRights == null ? Map.of() : Map.copyOf(accessRights);
        orgId = orgId == null ? "" : orgId;
        basicAuthData = basicAuthData == null ? new BasicAuthData("", "") : basicAuthData;
        jwtData = jwtData == null ? new JwtData("") : jwtData;
        hmacString = hmacString == null ? "" : hmacString;
        applyPolicyId = applyPolicyId == null ? "" : applyPolicyId;
        applyPolicies = applyPolicies == null ? List.of() : List.copyOf(applyPolicies);
        metaData = metaData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metaData));
        tags = tags == null ? List.of() : List.copyOf(tags);
        alias = alias == null ? "" : alias;
        dateCreated = dateCreated == null ? "" : dateCreated;
        lastUpdated = lastUpdated == null ? "" : lastUpdated;
        certificate = certificate == null ? "" : certificate;
        mtlsStaticCertificateBindings = mtlsStaticCertificateBindings == null ? List.of() : List.copyOf(mtlsStaticCertificateBindings);
    }

    /** The policies to apply: {@code apply_policies}, or the deprecated single {@code apply_policy_id}. */
    @JsonIgnore
    public List<String> policyIds() {
        if (!applyPolicies.isEmpty()) {
            return applyPolicies;
        }
        return applyPolicyId.isEmpty() ? List.of() : List.of(applyPolicyId);
    }

    /** Tyk treats {@code expires} below 1 as "never". */
    @JsonIgnore
    public boolean isExpiredAt(long epochSeconds) {
        return expires >= 1 && epochSeconds > expires;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(new Session(0, 0, 0, 0, 0, 0, null, 0, -1, 0, 0, 0, null, null, null, null,
                false, null, false, null, null, null, null, null, null, null, null));
    }

    /** Mutable copy used while merging policies or filling defaults; records stay immutable everywhere else. */
    public static final class Builder {
        public long lastCheck;
        public double allowance;
        public double rate;
        public double per;
        public double throttleInterval;
        public int throttleRetryLimit;
        public String dateCreated;
        public long expires;
        public long quotaMax;
        public long quotaRenews;
        public long quotaRemaining;
        public long quotaRenewalRate;
        public Map<String, AccessDefinition> accessRights;
        public String orgId;
        public BasicAuthData basicAuthData;
        public JwtData jwtData;
        public boolean hmacEnabled;
        public String hmacString;
        public boolean inactive;
        public String applyPolicyId;
        public List<String> applyPolicies;
        public Map<String, Object> metaData;
        public List<String> tags;
        public String alias;
        public String lastUpdated;
        public String certificate;
        public List<String> mtlsStaticCertificateBindings;

        private Builder(Session s) {
            lastCheck = s.lastCheck;
            allowance = s.allowance;
            rate = s.rate;
            per = s.per;
            throttleInterval = s.throttleInterval;
            throttleRetryLimit = s.throttleRetryLimit;
            dateCreated = s.dateCreated;
            expires = s.expires;
            quotaMax = s.quotaMax;
            quotaRenews = s.quotaRenews;
            quotaRemaining = s.quotaRemaining;
            quotaRenewalRate = s.quotaRenewalRate;
            accessRights = new LinkedHashMap<>(s.accessRights);
            orgId = s.orgId;
            basicAuthData = s.basicAuthData;
            jwtData = s.jwtData;
            hmacEnabled = s.hmacEnabled;
            hmacString = s.hmacString;
            inactive = s.inactive;
            applyPolicyId = s.applyPolicyId;
            applyPolicies = new ArrayList<>(s.applyPolicies);
            metaData = new LinkedHashMap<>(s.metaData);
            tags = new ArrayList<>(s.tags);
            alias = s.alias;
            lastUpdated = s.lastUpdated;
            certificate = s.certificate;
            mtlsStaticCertificateBindings = new ArrayList<>(s.mtlsStaticCertificateBindings);
        }

        public Builder rate(double rate, double per) {
            this.rate = rate;
            this.per = per;
            return this;
        }

        public Builder quota(long max, long renewalRate) {
            this.quotaMax = max;
            this.quotaRenewalRate = renewalRate;
            return this;
        }

        public Builder access(String apiId, AccessDefinition access) {
            accessRights.put(apiId, access);
            return this;
        }

        public Builder policies(String... ids) {
            applyPolicies = new ArrayList<>(List.of(ids));
            return this;
        }

        public Session build() {
            return new Session(lastCheck, allowance, rate, per, throttleInterval, throttleRetryLimit, dateCreated, expires,
                    quotaMax, quotaRenews, quotaRemaining, quotaRenewalRate, accessRights, orgId, basicAuthData, jwtData,
                    hmacEnabled, hmacString, inactive, applyPolicyId, applyPolicies, metaData, tags, alias, lastUpdated,
                    certificate, mtlsStaticCertificateBindings);
        }
    }
}
