package io.sluice.gateway.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The policies in force, held in memory so applying them costs no storage round trip per request.
 * Replaced as a whole on start, on reload and when another node reports a change.
 */
public final class PolicyRegistry {

    private volatile Map<String, Policy> byId = Map.of();
    private final PolicyMerger merger = new PolicyMerger(this::find);

    public Optional<Policy> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Map<String, Policy> all() {
        return byId;
    }

    public void replaceAll(Map<String, Policy> policies) {
        byId = Map.copyOf(policies);
    }

    public PolicyMerger merger() {
        return merger;
    }
}
