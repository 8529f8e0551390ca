package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Gateway settings, named as in tyk.conf where Tyk has the setting. Every key can be overridden by an environment
 * variable {@code SLUICE_GW_<KEY>} or {@code TYK_GW_<KEY>} (see {@link GatewayConfigLoader}).
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

    /** The request header that carries {@link #secret} to the management API (and to {@code /metrics} when it asks for it). */
    public static final String SECRET_HEADER = "x-tyk-authorization";

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
        return copy(s -> s.listenPort = port);
    }

    public GatewayConfig withSecret(String newSecret) {
        return copy(s -> s.secret = newSecret);
    }

    public GatewayConfig withAppPath(String path) {
        return copy(s -> s.appPath = path);
    }

    public GatewayConfig withStorage(StorageConfig newStorage) {
        return copy(s -> s.storage = newStorage);
    }

    public GatewayConfig withPolicies(PoliciesConfig newPolicies) {
        return copy(s -> s.policies = newPolicies);
    }

    public GatewayConfig withHashKeys(boolean hash) {
        return copy(s -> s.hashKeys = hash);
    }

    public GatewayConfig withProxyDefaultTimeout(double seconds) {
        return copy(s -> s.proxyDefaultTimeout = seconds);
    }

    public GatewayConfig withHashKeyFunction(String function, List<String> fallback) {
        return copy(s -> { s.hashKeyFunction = function; s.hashKeyFunctionFallback = fallback; });
    }

    public GatewayConfig withHttpServerOptions(HttpServerOptionsConfig options) {
        return copy(s -> s.httpServerOptions = options);
    }

    public GatewayConfig withStreaming(StreamingConfig newStreaming) {
        return copy(s -> s.streaming = newStreaming);
    }

    public GatewayConfig withDashboard(DashboardConfig newDashboard) {
        return copy(s -> s.dashboard = newDashboard);
    }

    public GatewayConfig withPortal(PortalConfig newPortal) {
        return copy(s -> s.portal = newPortal);
    }

    public GatewayConfig withMetrics(MetricsConfig newMetrics) {
        return copy(s -> s.metrics = newMetrics);
    }

    public GatewayConfig withAnalytics(boolean enable, AnalyticsConfig newAnalytics) {
        return copy(s -> { s.enableAnalytics = enable; s.analyticsConfig = newAnalytics; });
    }

    public GatewayConfig withOpenTelemetry(OpenTelemetryConfig newOpenTelemetry) {
        return copy(s -> s.opentelemetry = newOpenTelemetry);
    }

    public GatewayConfig withEntrypoints(EntrypointsConfig newEntrypoints) {
        return copy(s -> s.entrypoints = newEntrypoints);
    }

    /** A copy of this config with some settings changed; the one place that lists them all for the withers above. */
    private GatewayConfig copy(Consumer<Settings> change) {
        Settings settings = new Settings(this);
        change.accept(settings);
        return settings.build();
    }

    /** The settings of a config, changeable one by one while a copy is made. */
    private static final class Settings {
        String listenAddress;
        int listenPort;
        String secret;
        String appPath;
        PoliciesConfig policies;
        StorageConfig storage;
        StreamingConfig streaming;
        boolean hashKeys;
        double proxyDefaultTimeout;
        String rateLimitResponseHeaders;
        int eventLoops;
        String hashKeyFunction;
        List<String> hashKeyFunctionFallback;
        HttpServerOptionsConfig httpServerOptions;
        DashboardConfig dashboard;
        PortalConfig portal;
        EntrypointsConfig entrypoints;
        boolean enableAnalytics;
        AnalyticsConfig analyticsConfig;
        MetricsConfig metrics;
        OpenTelemetryConfig opentelemetry;

        Settings(GatewayConfig config) {
            listenAddress = config.listenAddress;
            listenPort = config.listenPort;
            secret = config.secret;
            appPath = config.appPath;
            policies = config.policies;
            storage = config.storage;
            streaming = config.streaming;
            hashKeys = config.hashKeys;
            proxyDefaultTimeout = config.proxyDefaultTimeout;
            rateLimitResponseHeaders = config.rateLimitResponseHeaders;
            eventLoops = config.eventLoops;
            hashKeyFunction = config.hashKeyFunction;
            hashKeyFunctionFallback = config.hashKeyFunctionFallback;
            httpServerOptions = config.httpServerOptions;
            dashboard = config.dashboard;
            portal = config.portal;
            entrypoints = config.entrypoints;
            enableAnalytics = config.enableAnalytics;
            analyticsConfig = config.analyticsConfig;
            metrics = config.metrics;
            opentelemetry = config.opentelemetry;
        }

        GatewayConfig build() {
            return new GatewayConfig(listenAddress, listenPort, secret, appPath, policies, storage, streaming, hashKeys,
                    proxyDefaultTimeout, rateLimitResponseHeaders, eventLoops, hashKeyFunction, hashKeyFunctionFallback,
                    httpServerOptions, dashboard, portal, entrypoints, enableAnalytics, analyticsConfig, metrics, opentelemetry);
        }
    }
}
