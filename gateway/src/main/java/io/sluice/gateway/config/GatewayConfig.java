package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.List;

/**
 * Gateway settings, named as in tyk.conf where Tyk has the setting. Every key can be overridden by an environment
 * variable {@code SLUICE_GW_<KEY>} or {@code TYK_GW_<KEY>} (see {@link ConfigLoader}).
 *
 * @param secret                    management API secret ({@code x-tyk-authorization}); generated and printed when empty
 * @param proxyDefaultTimeout       seconds an upstream may take to answer before the client gets a 504
 * @param rateLimitResponseHeaders  "rates" (the rate limit, default) or "quotas" (the quota, Tyk's default) in X-RateLimit-*
 * @param eventLoops                Sluice only: event-loop threads, 0 = one per core
 * @param hashKeyFunction           form of new keys and hash they are stored under: murmur32/64/128, sha256 (default),
 *                                  or "" for Tyk's legacy keys (see {@code session.KeyHasher})
 * @param hashKeyFunctionFallback   functions earlier keys were made with, tried when looking a key name up
 * @param httpServerOptions         TLS on the gateway port ({@code use_ssl}, {@code certificates}, versions, ciphers, HTTP/2)
 * @param dashboard                 Sluice's dashboard (API owners), served by the same process; see {@link DashboardConfig}
 * @param portal                    the developer portal (API consumers), served by the same process; see {@link PortalConfig}
 * @param entrypoints               Sluice only: listeners for clients of other protocols (MQTT, Kafka); see {@link EntrypointsConfig}
 * @param enableAnalytics           write an analytics record per request and per delivered batch (Tyk's switch)
 * @param analyticsConfig           where records go and how long they stay; see {@link AnalyticsConfig}
 * @param metrics                   Sluice only: {@code /metrics} and StatsD; see {@link MetricsConfig}
 * @param opentelemetry             traces over OTLP, as Tyk's {@code opentelemetry}; see {@link OpenTelemetryConfig}
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
        @JsonProperty("hash_key_function") String hashKeyFunction,
        @JsonProperty("hash_key_function_fallback") List<String> hashKeyFunctionFallback,
        @JsonProperty("http_server_options") HttpServerOptionsConfig httpServerOptions,
        @JsonProperty("dashboard") DashboardConfig dashboard,
        @JsonProperty("portal") PortalConfig portal,
        @JsonProperty("entrypoints") EntrypointsConfig entrypoints,
        @JsonProperty("enable_analytics") boolean enableAnalytics,
        @JsonProperty("analytics_config") AnalyticsConfig analyticsConfig,
        @JsonProperty("metrics") MetricsConfig metrics,
        @JsonProperty("opentelemetry") OpenTelemetryConfig opentelemetry) {

    public static GatewayConfig defaults() {
        return new GatewayConfig("", 8080, "", "./apps", PoliciesConfig.none(), StorageConfig.memory(),
                new StreamingConfig(true), true, 30, "rates", 0, "sha256", List.of(), HttpServerOptionsConfig.plain(),
                DashboardConfig.defaults(), PortalConfig.defaults(), EntrypointsConfig.defaults(), false, AnalyticsConfig.defaults(), MetricsConfig.defaults(),
                OpenTelemetryConfig.defaults());
    }

    public Path appDirectory() {
        return Path.of(appPath);
    }

    public GatewayConfig withListenPort(int port) {
        return new GatewayConfig(listenAddress, port, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withSecret(String newSecret) {
        return new GatewayConfig(listenAddress, listenPort, newSecret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withAppPath(String path) {
        return new GatewayConfig(listenAddress, listenPort, secret, path, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withStorage(StorageConfig newStorage) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, newStorage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withPolicies(PoliciesConfig newPolicies) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, newPolicies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withHashKeys(boolean hash) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hash,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withProxyDefaultTimeout(double seconds) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                seconds, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withHashKeyFunction(String function, List<String> fallback) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, function, fallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withHttpServerOptions(HttpServerOptionsConfig options) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, options,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withStreaming(StreamingConfig newStreaming) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, newStreaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withDashboard(DashboardConfig newDashboard) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                newDashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withPortal(PortalConfig newPortal) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, newPortal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }

    public GatewayConfig withMetrics(MetricsConfig newMetrics) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, newMetrics, opentelemetry);
    }

    public GatewayConfig withAnalytics(boolean enable, AnalyticsConfig newAnalytics) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enable, newAnalytics, metrics, opentelemetry);
    }

    public GatewayConfig withOpenTelemetry(OpenTelemetryConfig newOpenTelemetry) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, newOpenTelemetry);
    }

    public GatewayConfig withEntrypoints(EntrypointsConfig newEntrypoints) {
        return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback, httpServerOptions,
                dashboard, portal, newEntrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
    }
}
