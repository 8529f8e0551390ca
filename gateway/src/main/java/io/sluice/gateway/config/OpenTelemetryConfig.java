package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code opentelemetry} as in tyk.conf: traces of proxied requests and stream deliveries, sent over OTLP.
 *
 * @param enabled      send spans
 * @param exporter     {@code grpc} (Tyk's default) or {@code http}
 * @param endpoint     the collector, {@code host:port} or a URL ({@code localhost:4317} for gRPC, {@code localhost:4318} for HTTP)
 * @param resourceName the {@code service.name} of the spans
 * @param sampling     {@code type} {@code AlwaysOn} or {@code TraceIDRatioBased} with {@code rate} (0..1)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenTelemetryConfig(
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("exporter") String exporter,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("resource_name") String resourceName,
        @JsonProperty("sampling") Sampling sampling) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sampling(@JsonProperty("type") String type, @JsonProperty("rate") double rate) {
        /** The share of new traces kept. */
        public double ratio() {
            return "TraceIDRatioBased".equalsIgnoreCase(type) ? rate : 1.0;
        }
    }

    public static OpenTelemetryConfig defaults() {
        return new OpenTelemetryConfig(false, "grpc", "localhost:4317", "sluice-gateway", new Sampling("AlwaysOn", 0.5));
    }
}
