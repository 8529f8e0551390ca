package io.sluice.core.observe;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pushes the process registry to an OpenTelemetry collector as OTLP/HTTP (protobuf) once a step, and once more when
 * closed (Micrometer's OTLP registry, attached to the process registry).
 */
public final class OtlpExporter {

    /** How often metrics are sent. */
    public static final Duration STEP = Duration.ofSeconds(10);

    private OtlpExporter() {
    }

    public static MeterRegistry start(String url, String service, Map<String, String> tags, Duration step) {
        Map<String, String> resource = new LinkedHashMap<>(tags);
        resource.put("service.name", service == null || service.isBlank() ? "sluice" : service);
        OtlpConfig config = new OtlpConfig() {
            @Override public String get(String key) { return null; }
            @Override public String url() { return url; }
            @Override public Duration step() { return step; }
            @Override public Map<String, String> resourceAttributes() { return resource; }
        };
        OtlpMeterRegistry registry = new OtlpMeterRegistry(config, Clock.SYSTEM);
        ProcessMetrics.attach(registry);
        return registry;
    }
}
