package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/**
 * Gateway settings, named as in tyk.conf where Tyk has the setting. Every key can be overridden by an environment
 * variable {@code SLUICE_GW_<KEY>} or {@code TYK_GW_<KEY>} (see {@link ConfigLoader}).
 *
 * @param secret                    management API secret ({@code x-tyk-authorization}); generated and printed when empty
 * @param proxyDefaultTimeout       seconds an upstream may take to answer before the client gets a 504
 * @param rateLimitResponseHeaders  "rates" (the rate limit, default) or "quotas" (the quota, Tyk's default) in X-RateLimit-*
 * @param eventLoops                Sluice only: event-loop threads, 0 = one per core
 * @param dashboard                 Sluice's dashboard (API owners), served by the same process; see {@link DashboardConfig}
 * @param portal                    the developer portal (API consumers), served by the same process; see {@link PortalConfig}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewayConfig(
        @JsonProperty("listen_address") String listenAddress,
        @JsonProperty("listen_port") int listenPort,
        @JsonProperty("secret") String secret,
        @JsonProperty("app_path") String appPath,
        @JsonProperty("policies") PoliciesConfig policies,
        @JsonProperty("storage") StorageConfig storage,
        @JsonProperty("streaming") StreamingConfig streaming,
        @JsonProperty("hash_keys") boolean hashKeys,
        @JsonProperty("proxy_default_timeout") double proxyDefaultTimeout,
        @JsonProperty("rate_limit_response_headers") String rateLimitResponseHeaders,
        @JsonProperty("event_loops") int eventLoops,
        @JsonProperty("dashboard") DashboardConfig dashboard,
        @JsonProperty("portal") PortalConfig portal) {

    public static GatewayConfig defaults() {
        return new GatewayConfig("", 8080, "", "./apps", PoliciesConfig.none(), StorageConfig.memory(),
                new StreamingConfig(true), true, 30, "rates", 0, DashboardConfig.defaults(), PortalConfig.defaults());
    }

    public Path appDirectory() {
        return Path.of(appPath);
    }

    public GatewayConfig withListenPort(int port) {
        return new GatewayConfig(listenAddress, port, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }

    public GatewayConfig withSecret(String newSecret) {
        return new GatewayConfig(listenAddress, listenPort, newSecret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }

    public GatewayConfig withAppPath(String path) {
        return new GatewayConfig(listenAddress, listenPort, secret, path, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }

    public GatewayConfig withStorage(StorageConfig newStorage) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, newStorage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }

    public GatewayConfig withPolicies(PoliciesConfig newPolicies) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, newPolicies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }

    public GatewayConfig withHashKeys(boolean hash) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hash,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }

    public GatewayConfig withDashboard(DashboardConfig newDashboard) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, newDashboard, portal);
    }

    public GatewayConfig withPortal(PortalConfig newPortal) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, dashboard, newPortal);
    }

    public GatewayConfig withProxyDefaultTimeout(double seconds) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                seconds, rateLimitResponseHeaders, eventLoops, dashboard, portal);
    }
}
