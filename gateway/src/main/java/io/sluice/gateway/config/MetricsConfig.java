package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Sluice only: the gateway's metrics (the process registry; see {@code io.sluice.core.observe.ProcessMetrics}).
 *
 * @param enabled         serve Prometheus text at {@code GET /metrics}; on by default
 * @param listenPort      0: on the gateway port; otherwise a port of its own (plain HTTP, only {@code /metrics})
 * @param listenAddress   interface for {@code listen_port}; empty: all
 * @param requireSecret   ask for the management secret ({@code x-tyk-authorization}) before answering
 * @param keyLabelLimit   distinct keys labelled per API under detailed recording; later keys count as {@code other}
 * @param statsdAddress   {@code host:port} of a StatsD agent to push every metric to as well; empty: none
 * @param statsdTagFormat {@code datadog}, {@code influxdb} or {@code none}
 * @param statsdFlushMs   how long lines gather into one UDP packet
 * @param otlpEndpoint    an OpenTelemetry collector to push every metric to as well, {@code host:port} or a URL
 *                        ({@code https://} for TLS); empty: none
 * @param otlpExporter    {@code grpc} (the collector's 4317) or {@code http} (4318, protobuf to {@code /v1/metrics}),
 *                        as {@code opentelemetry.exporter} names them for traces
 * @param otlpStepMs      how often metrics are pushed to the collector
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricsConfig(
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("listen_port") int listenPort,
        @JsonProperty("listen_address") String listenAddress,
        @JsonProperty("require_secret") boolean requireSecret,
        @JsonProperty("key_label_limit") int keyLabelLimit,
        @JsonProperty("statsd_address") String statsdAddress,
        @JsonProperty("statsd_tag_format") String statsdTagFormat,
        @JsonProperty("statsd_flush_ms") int statsdFlushMs,
        @JsonProperty("otlp_endpoint") String otlpEndpoint,
        @JsonProperty("otlp_exporter") String otlpExporter,
        @JsonProperty("otlp_step_ms") int otlpStepMs) {

    /** Without an OTLP collector. */
    public MetricsConfig(boolean enabled, int listenPort, String listenAddress, boolean requireSecret, int keyLabelLimit,
                         String statsdAddress, String statsdTagFormat, int statsdFlushMs) {
        this(enabled, listenPort, listenAddress, requireSecret, keyLabelLimit, statsdAddress, statsdTagFormat, statsdFlushMs,
                "", "grpc", 10_000);
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(true, 0, "", false, 100, "", "datadog", 100);
    }

    /** The same settings, pushing to an OTLP collector as well. */
    public MetricsConfig withOtlp(String endpoint, String exporter, int stepMs) {
        return new MetricsConfig(enabled, listenPort, listenAddress, requireSecret, keyLabelLimit, statsdAddress, statsdTagFormat,
                statsdFlushMs, endpoint, exporter, stepMs);
    }
}
