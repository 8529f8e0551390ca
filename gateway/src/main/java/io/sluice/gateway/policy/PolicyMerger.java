package io.sluice.gateway.policy;

import io.sluice.gateway.session.AccessDefinition;
import io.sluice.gateway.session.AllowedUrl;
import io.sluice.gateway.session.ApiLimit;
import io.sluice.gateway.session.Session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges a key's {@code apply_policies} into its session the way Tyk does, so keys and policies brought from Tyk
 * behave the same:
 * <ul>
 *   <li>access rights of all policies are united (versions and allowed URL methods merged per URL);</li>
 *   <li>for limits the most generous value wins: the higher rate, the higher quota (-1 = unlimited beats all),
 *       the longer renewal, the larger throttle settings;</li>
 *   <li>partitioned policies contribute only their quota, rate limit or ACL part, the rest comes from the key;</li>
 *   <li>{@code per_api} policies give each API its own limit and counter scope; they cannot be mixed with partitions;</li>
 *   <li>a policy without access rights ("master policy") sets the key-level limits directly.</li>
 * </ul>
 * This is our own implementation of the documented behaviour, checked against Tyk's public policy tests.
 */
public final class PolicyMerger {

    private final Function<String, Optional<Policy>> policies;

    public PolicyMerger(Function<String, Optional<Policy>> policies) {
        this.policies = policies;
    }

    /** Tracks which APIs had which part set by some policy, so the rest can be inherited from the key. */
    private static final class Progress {
        final Set<String> didQuota = new HashSet<>();
        final Set<String> didRateLimit = new HashSet<>();
        final Set<String> didAcl = new HashSet<>();
        boolean didPerApi;
        boolean didPartition;
    }

    public Session apply(Session session) throws PolicyApplicationException {
        List<String> ids = session.policyIds();
        Session.Builder merged = session.toBuilder();
        if (ids.isEmpty()) {
            scopePerApiLimitsOfKeyWithoutPolicies(merged);
            return merged.build();
        }
        List<Policy> found = resolve(ids);
        clearPartsThePoliciesSet(merged, found);

        Map<String, AccessDefinition> rights = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        Progress progress = new Progress();
        for (Policy policy : found) {
            if (policy.partitions().perApi() && policy.partitions().enabled()) {
                throw new PolicyApplicationException("cannot apply policy " + policy.id() + " which has per_api and any of partitions set");
            }
            if (policy.partitions().perApi()) {
                applyPerApi(policy, session, rights, progress);
            } else {
                applyPartitions(policy, session, merged, rights, progress);
            }
            merged.inactive = merged.inactive || policy.inactive();
            tags.addAll(policy.tags());
            merged.metaData.putAll(policy.metaData());
        }
        tags.addAll(session.tags());
        merged.tags = new ArrayList<>(tags);

        inheritUnsetPartsFromKey(merged, rights, progress);
        if (progress.didQuota.size() == 1 && progress.didRateLimit.size() == 1) {
            // One API only: the key-level fields mirror that API's limit (Tyk's legacy behaviour).
            ApiLimit only = rights.values().iterator().next().limit();
            merged.rate = only.rate();
            merged.per = only.per();
            merged.quotaMax = only.quotaMax();
            merged.quotaRenews = only.quotaRenews();
            merged.quotaRenewalRate = only.quotaRenewalRate();
        }
        if (!progress.didAcl.isEmpty()) {
            merged.accessRights = rights;
        }
        if (rights.isEmpty()) {
            throw new PolicyApplicationException("key has no valid policies to be applied");
        }
        return merged.build();
    }

    private List<Policy> resolve(List<String> ids) throws PolicyApplicationException {
        List<Policy> found = new ArrayList<>();
        for (String id : ids) {
            Optional<Policy> policy = policies.apply(id);
            if (policy.isEmpty()) {
                // With several policies a missing one is skipped; a key resting on a single missing policy has nothing.
                if (ids.size() > 1) {
                    continue;
                }
                throw new PolicyApplicationException("policy not found: " + id);
            }
            found.add(policy.get());
        }
        return found;
    }

    /** A policy that sets a part replaces the key's own value for it, even if the key's value was higher. */
    private static void clearPartsThePoliciesSet(Session.Builder merged, List<Policy> found) {
        for (Policy policy : found) {
            boolean all = !policy.partitions().enabled();
            if (all || policy.partitions().quota()) {
                merged.quotaMax = 0;
                merged.quotaRemaining = 0;
            }
            if (all || policy.partitions().rateLimit()) {
                merged.rate = 0;
                merged.per = 0;
                merged.throttleInterval = 0;
                merged.throttleRetryLimit = 0;
            }
        }
    }

    private static void scopePerApiLimitsOfKeyWithoutPolicies(Session.Builder merged) {
        merged.accessRights.replaceAll((apiId, access) ->
                access.limit().isEmpty() || !access.allowanceScope().isEmpty() ? access : access.withAllowanceScope(apiId));
    }

    private static void applyPerApi(Policy policy, Session original, Map<String, AccessDefinition> rights, Progress progress)
            throws PolicyApplicationException {
        if (progress.didPartition) {
            throw new PolicyApplicationException("cannot apply multiple policies when some have per_api set and some are partitioned");
        }
        for (Map.Entry<String, AccessDefinition> entry : policy.accessRights().entrySet()) {
            String apiId = entry.getKey();
            AccessDefinition access = entry.getValue();
            ApiLimit limit = access.limit();
            String scope = apiId;
            if (limit.isEmpty()) {
                // No limit on the API itself: the policy's own limits apply, counted per policy.
                scope = policy.id();
                limit = policyLimit(policy);
            }
            limit = limit.withSetByAndRenews(scope, renewsOf(original, apiId, limit.quotaRenews()));
            access = access.withLimit(limit).withAllowanceScope(scope);
            AccessDefinition current = rights.get(apiId);
            if (current != null) {
                access = access.withLimit(mostGenerous(access.limit(), current.limit()));
            }
            rights.put(apiId, access);
            progress.didAcl.add(apiId);
            progress.didQuota.add(apiId);
            progress.didRateLimit.add(apiId);
        }
        if (!policy.accessRights().isEmpty()) {
            progress.didPerApi = true;
        }
    }

    private static void applyPartitions(Policy policy, Session original, Session.Builder merged,
                                        Map<String, AccessDefinition> rights, Progress progress) throws PolicyApplicationException {
        Partitions parts = policy.partitions();
        boolean partitioned = parts.enabled();
        if (partitioned && progress.didPerApi) {
            throw new PolicyApplicationException("cannot apply multiple policies when some have per_api set and some are partitioned");
        }
        for (Map.Entry<String, AccessDefinition> entry : policy.accessRights().entrySet()) {
            String apiId = entry.getKey();
            AccessDefinition fromPolicy = entry.getValue();
            AccessDefinition current = rights.get(apiId);
            AccessDefinition access = current != null ? current : fromPolicy;
            ApiLimit limit = access.limit();

            if (!partitioned || parts.acl()) {
                progress.didAcl.add(apiId);
                if (current != null) {
                    access = current.withAllowedUrls(mergeAllowedUrls(current.allowedUrls(), fromPolicy.allowedUrls()),
                            union(current.versions(), fromPolicy.versions()));
                }
                limit = limit.withSetByAndRenews(policy.id(), limit.quotaRenews());
            }
            if (!partitioned || parts.quota()) {
                progress.didQuota.add(apiId);
                long quotaMax = limit.quotaMax();
                long renewal = limit.quotaRenewalRate();
                if (isGreater(policy.quotaMax(), quotaMax)) {
                    quotaMax = policy.quotaMax();
                    if (isGreater(policy.quotaMax(), merged.quotaMax)) {
                        merged.quotaMax = policy.quotaMax();
                    }
                }
                if (policy.quotaRenewalRate() > renewal) {
                    renewal = policy.quotaRenewalRate();
                    if (policy.quotaRenewalRate() > merged.quotaRenewalRate) {
                        merged.quotaRenewalRate = policy.quotaRenewalRate();
                    }
                }
                limit = limit.withQuota(quotaMax, renewal);
            }
            if (!partitioned || parts.rateLimit()) {
                progress.didRateLimit.add(apiId);
                limit = raiseRate(merged, policy, limit);
                int retries = limit.throttleRetryLimit();
                double interval = limit.throttleInterval();
                if (policy.throttleRetryLimit() > retries) {
                    retries = policy.throttleRetryLimit();
                    merged.throttleRetryLimit = Math.max(merged.throttleRetryLimit, retries);
                }
                if (policy.throttleInterval() > interval) {
                    interval = policy.throttleInterval();
                    merged.throttleInterval = Math.max(merged.throttleInterval, interval);
                }
                limit = limit.withThrottle(interval, retries);
            }
            limit = limit.withSetByAndRenews(limit.setBy(), renewsOf(original, apiId, limit.quotaRenews()));
            rights.put(apiId, access.withLimit(limit));
        }

        if (policy.accessRights().isEmpty()) {
            // Master policy: no API list, it only sets the key-level limits.
            if (!partitioned || parts.rateLimit()) {
                merged.rate = policy.rate();
                merged.per = policy.per();
                merged.throttleInterval = policy.throttleInterval();
                merged.throttleRetryLimit = policy.throttleRetryLimit();
            }
            if (!partitioned || parts.quota()) {
                merged.quotaMax = policy.quotaMax();
                merged.quotaRenewalRate = policy.quotaRenewalRate();
            }
        }
        merged.hmacEnabled = merged.hmacEnabled || policy.hmacEnabled();
        progress.didPartition = partitioned;
    }

    /** APIs that got only some parts from policies take the remaining parts from the (merged) key level. */
    private static void inheritUnsetPartsFromKey(Session.Builder merged, Map<String, AccessDefinition> rights, Progress progress) {
        Set<String> distinctSetters = new HashSet<>();
        for (AccessDefinition access : rights.values()) {
            if (access.limit().setBy() != null && !access.limit().setBy().isEmpty()) {
                distinctSetters.add(access.limit().setBy());
            }
        }
        rights.entrySet().removeIf(e -> !progress.didAcl.contains(e.getKey()));
        rights.replaceAll((apiId, access) -> {
            ApiLimit limit = access.limit();
            if (!progress.didRateLimit.contains(apiId)) {
                limit = limit.withRate(merged.rate, merged.per).withThrottle(merged.throttleInterval, merged.throttleRetryLimit);
            }
            if (!progress.didQuota.contains(apiId)) {
                limit = limit.withQuota(merged.quotaMax, merged.quotaRenewalRate);
            }
            if (distinctSetters.size() > 1 && access.allowanceScope().isEmpty() && limit.setBy() != null && !limit.setBy().isEmpty()) {
                // Different policies govern different APIs: count each policy's APIs separately.
                access = access.withAllowanceScope(limit.setBy());
            }
            return access.withLimit(limit.withSetByAndRenews(null, limit.quotaRenews()));
        });
    }

    /** The policy's rate wins if it allows more requests than what is set so far (or nothing is set). */
    private static ApiLimit raiseRate(Session.Builder merged, Policy policy, ApiLimit limit) {
        if (policy.rate() == 0 || policy.per() == 0) {
            return limit;
        }
        double policyInterval = interval(policy.rate(), policy.per());
        if (limit.rate() == 0 || limit.per() == 0 || interval(limit.rate(), limit.per()) > policyInterval) {
            limit = limit.withRate(policy.rate(), policy.per());
        }
        if (merged.rate == 0 || merged.per == 0 || interval(merged.rate, merged.per) > policyInterval) {
            merged.rate = policy.rate();
            merged.per = policy.per();
        }
        return limit;
    }

    /** When two per-API policies grant the same API, the more generous limit of each kind wins. */
    private static ApiLimit mostGenerous(ApiLimit fromPolicy, ApiLimit current) {
        ApiLimit result = fromPolicy;
        if (interval(fromPolicy.rate(), fromPolicy.per()) > interval(current.rate(), current.per())) {
            result = result.withRate(current.rate(), current.per());
        }
        long quotaMax = result.quotaMax();
        long renewal = result.quotaRenewalRate();
        if (isGreater(current.quotaMax(), quotaMax)) {
            quotaMax = current.quotaMax();
        }
        if (isGreater(current.quotaRenewalRate(), renewal)) {
            renewal = current.quotaRenewalRate();
        }
        if (quotaMax == -1) {
            renewal = 0;
        }
        return result.withQuota(quotaMax, renewal);
    }

    private static ApiLimit policyLimit(Policy policy) {
        return new ApiLimit(policy.rate(), policy.per(), policy.throttleInterval(), policy.throttleRetryLimit(),
                policy.quotaMax(), 0, 0, policy.quotaRenewalRate(), null);
    }

    private static long renewsOf(Session original, String apiId, long fallback) {
        AccessDefinition existing = original.accessRights().get(apiId);
        return existing != null && !existing.limit().isEmpty() ? existing.limit().quotaRenews() : fallback;
    }

    /** Seconds between requests; 0 (no limit) is the most generous. */
    private static double interval(double rate, double per) {
        return rate <= 0 || per <= 0 ? 0 : per / rate;
    }

    /** Compares limits where -1 means unlimited, the greatest value of all. */
    static boolean isGreater(long first, long second) {
        if (first == -1) {
            return true;
        }
        if (second == -1) {
            return false;
        }
        return first > second;
    }

    private static List<AllowedUrl> mergeAllowedUrls(List<AllowedUrl> current, List<AllowedUrl> added) {
        Map<String, AllowedUrl> byUrl = new LinkedHashMap<>();
        for (AllowedUrl url : current) {
            byUrl.merge(url.url(), url, (a, b) -> new AllowedUrl(a.url(), union(a.methods(), b.methods())));
        }
        for (AllowedUrl url : added) {
            byUrl.merge(url.url(), url, (a, b) -> new AllowedUrl(a.url(), union(a.methods(), b.methods())));
        }
        return new ArrayList<>(byUrl.values());
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
