package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The access a key or a policy grants to one API ({@code access_rights[apiId]}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessDefinition(
        @JsonProperty("api_id") String apiId,
        @JsonProperty("api_name") String apiName,
        @JsonProperty("versions") List<String> versions,
        @JsonProperty("allowed_urls") List<AllowedUrl> allowedUrls,
        @JsonProperty("limit") ApiLimit limit,
        @JsonProperty("allowance_scope") String allowanceScope) {

    public AccessDefinition {
        versions = versions == null ? List.of() : List.copyOf(versions);
        allowedUrls = allowedUrls == null ? List.of() : List.copyOf(allowedUrls);
        limit = limit == null ? ApiLimit.EMPTY : limit;
        allowanceScope = allowanceScope == null ? "" : allowanceScope;
    }

    public static AccessDefinition forApi(String apiId) {
        return new AccessDefinition(apiId, "", List.of(), List.of(), ApiLimit.EMPTY, "");
    }

    /** No allowed_urls means the whole API; otherwise one entry must match. */
    public boolean allowsPath(String path, String method) {
        return allowedUrls.isEmpty() || allowedUrls.stream().anyMatch(u -> u.allows(path, method));
    }

    public AccessDefinition withLimit(ApiLimit newLimit) {
        return new AccessDefinition(apiId, apiName, versions, allowedUrls, newLimit, allowanceScope);
    }

    public AccessDefinition withAllowanceScope(String scope) {
        return new AccessDefinition(apiId, apiName, versions, allowedUrls, limit, scope);
    }

    public AccessDefinition withAllowedUrls(List<AllowedUrl> urls, List<String> newVersions) {
        return new AccessDefinition(apiId, apiName, newVersions, urls, limit, allowanceScope);
    }
}
