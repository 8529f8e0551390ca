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
        @JsonProperty("statsd_flush_ms") int statsdFlushMs) {

    public static MetricsConfig defaults() {
        return new MetricsConfig(true, 0, "", false, 100, "", "datadog", 100);
    }
}
