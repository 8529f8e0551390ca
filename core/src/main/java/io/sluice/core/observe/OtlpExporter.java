package io.sluice.core.observe;

import io.micrometer.core.instrument.Clock;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pushes the process registry to an OpenTelemetry collector once a step, and once more when closed (Micrometer's OTLP
 * registry, attached to the process registry): as OTLP/HTTP (protobuf to {@code /v1/metrics}) or as OTLP/gRPC
 * ({@link OtlpGrpcMetricsSender}).
 */
public final class OtlpExporter {

    /** How often metrics are sent unless told otherwise. */
    public static final Duration STEP = Duration.ofSeconds(10);

    /** How metrics reach the collector. */
    public enum Protocol {
        HTTP, GRPC;

        /** {@code http} or {@code grpc}, in any case. */
        public static Protocol of(String name) {
            return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
                case "http" -> HTTP;
                case "grpc" -> GRPC;
                default -> throw new IllegalArgumentException("OTLP protocol must be http or grpc, got '" + name + "'");
            };
        }
    }

    private OtlpExporter() {
    }

    /**
     * Starts exporting; close the result to publish one last time and stop.
     *
     * @param endpoint the collector: {@code host:port} or a URL ({@code https://} for TLS); over HTTP {@code /v1/metrics}
     *                 is added unless the URL has a path
     */
    public static AutoCloseable start(String endpoint, Protocol protocol, String service, Map<String, String> tags, Duration step) {
        String base = endpoint.contains("://") ? endpoint : "http://" + endpoint;
        String url = protocol == Protocol.HTTP && base.replaceFirst("^[a-z]+://[^/]*", "").isEmpty() ? base + "/v1/metrics" : base;
        Map<String, String> resource = new LinkedHashMap<>(tags);
        resource.put("service.name", service == null || service.isBlank() ? "sluice" : service);
        OtlpConfig config = new OtlpConfig() {
            @Override public String get(String key) { return null; }
            @Override public String url() { return url; }
            @Override public Duration step() { return step; }
            @Override public Map<String, String> resourceAttributes() { return resource; }
        };
        OtlpMeterRegistry.Builder builder = OtlpMeterRegistry.builder(config).clock(Clock.SYSTEM);
        OtlpGrpcMetricsSender grpc = protocol == Protocol.GRPC ? new OtlpGrpcMetricsSender(url) : null;
        if (grpc != null) builder.metricsSender(grpc);
        OtlpMeterRegistry registry = builder.build();
        ProcessMetrics.attach(registry);
        return () -> {
            ProcessMetrics.detach(registry);
            registry.close(); // publishes one last time
            if (grpc != null) grpc.close();
        };
    }
}
