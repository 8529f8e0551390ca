package io.sluice.gateway.policy;

import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.session.Session;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyMergerTest {

    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private final PolicyMerger merger = new PolicyMerger(id -> Optional.ofNullable(policies.get(id)));

    private void policy(String json) throws Exception {
        Policy p = GatewayJson.MAPPER.readValue(json, Policy.class);
        policies.put(p.id(), p);
    }

    private static Session key(String json) throws Exception {
        return GatewayJson.MAPPER.readValue(json, Session.class);
    }

    @Test
    void mostGenerousValuesWinAndAccessIsUnited() throws Exception {
        policy("""
                {"id": "p1", "rate": 10, "per": 1, "quota_max": 100, "quota_renewal_rate": 60, "tags": ["t1"], "meta_data": {"tier": "silver"},
                 "access_rights": {"api1": {"api_id": "api1", "versions": ["v1"], "allowed_urls": [{"url": "/a", "methods": ["GET"]}]}}}""");
        policy("""
                {"id": "p2", "rate": 100, "per": 1, "quota_max": -1, "quota_renewal_rate": 3600, "tags": ["t2"],
                 "access_rights": {"api1": {"api_id": "api1", "versions": ["v2"], "allowed_urls": [{"url": "/a", "methods": ["POST"]}, {"url": "/b"}]},
                                   "api2": {"api_id": "api2"}}}""");
        Session merged = merger.apply(key("{\"apply_policies\": [\"p1\", \"p2\"], \"tags\": [\"own\"]}"));

        assertThat(merged.accessRights()).containsOnlyKeys("api1", "api2");
        var api1 = merged.accessRights().get("api1");
        assertThat(api1.versions()).containsExactly("v1", "v2");
        assertThat(api1.allowedUrls()).hasSize(2);
        assertThat(api1.allowedUrls().get(0).methods()).containsExactly("GET", "POST");
        assertThat(api1.limit().rate()).isEqualTo(100);
        assertThat(api1.limit().quotaMax()).isEqualTo(-1);
        assertThat(api1.limit().quotaRenewalRate()).isEqualTo(3600);
        assertThat(merged.rate()).isEqualTo(100);
        assertThat(merged.quotaMax()).isEqualTo(-1);
        assertThat(merged.tags()).containsExactlyInAnyOrder("t1", "t2", "own");
        assertThat(merged.metaData()).containsEntry("tier", "silver");
    }

    @Test
    void partitionsContributeOnlyTheirPart() throws Exception {
        policy("{\"id\": \"quota\", \"quota_max\": 1000, \"quota_renewal_rate\": 3600, \"partitions\": {\"quota\": true}, \"access_rights\": {\"x\": {\"api_id\": \"x\"}}}");
        policy("{\"id\": \"rate\", \"rate\": 50, \"per\": 1, \"partitions\": {\"rate_limit\": true}, \"access_rights\": {\"x\": {\"api_id\": \"x\"}}}");
        policy("{\"id\": \"acl\", \"partitions\": {\"acl\": true}, \"access_rights\": {\"x\": {\"api_id\": \"x\", \"allowed_urls\": [{\"url\": \"/only\"}]}}}");
        Session merged = merger.apply(key("{\"rate\": 1, \"per\": 1, \"apply_policies\": [\"acl\", \"quota\", \"rate\"]}"));

        var x = merged.accessRights().get("x");
        assertThat(x.allowedUrls()).extracting(u -> u.url()).containsExactly("/only");
        assertThat(x.limit().rate()).isEqualTo(50);
        assertThat(x.limit().quotaMax()).isEqualTo(1000);
        assertThat(merged.quotaRenewalRate()).isEqualTo(3600);
    }

    @Test
    void aclOnlyPolicyInheritsLimitsFromTheKey() throws Exception {
        policy("{\"id\": \"acl\", \"partitions\": {\"acl\": true}, \"access_rights\": {\"x\": {\"api_id\": \"x\"}}}");
        Session merged = merger.apply(key("{\"rate\": 7, \"per\": 2, \"quota_max\": 9, \"apply_policies\": [\"acl\"]}"));
        assertThat(merged.accessRights().get("x").limit().rate()).isEqualTo(7);
        assertThat(merged.accessRights().get("x").limit().quotaMax()).isEqualTo(9);
    }

    @Test
    void perApiPoliciesKeepSeparateLimitsAndScopes() throws Exception {
        policy("{\"id\": \"pa\", \"partitions\": {\"per_api\": true}, \"access_rights\": {\"a\": {\"api_id\": \"a\", \"limit\": {\"rate\": 5, \"per\": 1, \"quota_max\": -1}}}}");
        policy("{\"id\": \"pb\", \"rate\": 7, \"per\": 1, \"quota_max\": 70, \"partitions\": {\"per_api\": true}, \"access_rights\": {\"b\": {\"api_id\": \"b\"}}}");
        Session merged = merger.apply(key("{\"apply_policies\": [\"pa\", \"pb\"]}"));

        assertThat(merged.accessRights().get("a").limit().rate()).isEqualTo(5);
        assertThat(merged.accessRights().get("a").allowanceScope()).isEqualTo("a");
        assertThat(merged.accessRights().get("b").limit().rate()).isEqualTo(7);
        assertThat(merged.accessRights().get("b").limit().quotaMax()).isEqualTo(70);
        assertThat(merged.accessRights().get("b").allowanceScope()).isEqualTo("pb");
    }

    @Test
    void perApiCannotBeMixedWithPartitions() throws Exception {
        policy("{\"id\": \"pa\", \"partitions\": {\"per_api\": true}, \"access_rights\": {\"a\": {\"api_id\": \"a\"}}}");
        policy("{\"id\": \"q\", \"quota_max\": 5, \"partitions\": {\"quota\": true}, \"access_rights\": {\"a\": {\"api_id\": \"a\"}}}");
        assertThatThrownBy(() -> merger.apply(key("{\"apply_policies\": [\"pa\", \"q\"]}")))
                .isInstanceOf(PolicyApplicationException.class).hasMessageContaining("per_api");
    }

    @Test
    void masterPolicySetsKeyLevelLimits() throws Exception {
        policy("{\"id\": \"master\", \"rate\": 42, \"per\": 1, \"quota_max\": 420}");
        policy("{\"id\": \"access\", \"partitions\": {\"acl\": true}, \"access_rights\": {\"x\": {\"api_id\": \"x\"}}}");
        Session merged = merger.apply(key("{\"apply_policies\": [\"master\", \"access\"]}"));
        assertThat(merged.rate()).isEqualTo(42);
        assertThat(merged.accessRights().get("x").limit().rate()).isEqualTo(42);
        assertThat(merged.accessRights().get("x").limit().quotaMax()).isEqualTo(420);
    }

    @Test
    void missingPoliciesAndInactivePolicies() throws Exception {
        assertThatThrownBy(() -> merger.apply(key("{\"apply_policies\": [\"ghost\"]}")))
                .isInstanceOf(PolicyApplicationException.class).hasMessageContaining("ghost");
        policy("{\"id\": \"real\", \"is_inactive\": true, \"access_rights\": {\"x\": {\"api_id\": \"x\"}}}");
        Session merged = merger.apply(key("{\"apply_policies\": [\"ghost\", \"real\"]}"));
        assertThat(merged.accessRights()).containsOnlyKeys("x");
        assertThat(merged.inactive()).isTrue();
    }

    @Test
    void keyWithoutPoliciesScopesItsPerApiLimits() throws Exception {
        Session merged = merger.apply(key("{\"access_rights\": {\"x\": {\"api_id\": \"x\", \"limit\": {\"rate\": 3, \"per\": 1}}, \"y\": {\"api_id\": \"y\"}}}"));
        assertThat(merged.accessRights().get("x").allowanceScope()).isEqualTo("x");
        assertThat(merged.accessRights().get("y").allowanceScope()).isEmpty();
    }
}
