package io.sluice.core.observe;

import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The collector lists that {@code metrics.open_telemetry_collector} and {@code tracer.open_telemetry_collector} share:
 * {@code http} and {@code grpc}, each a list of {@code address} and {@code secure}.
 */
final class OtlpCollectors {

    static final String HTTP = "http";
    static final String GRPC = "grpc";

    private OtlpCollectors() {
    }

    /** The {@code http} list (collectors on 4318 by convention). */
    static FieldSpec http() {
        return list(HTTP, "localhost:4318").description("Collectors reached over OTLP/HTTP.");
    }

    /** The {@code grpc} list (collectors on 4317 by convention). */
    static FieldSpec grpc() {
        return list(GRPC, "localhost:4317").description("Collectors reached over OTLP/gRPC.");
    }

    private static FieldSpec list(String name, String example) {
        return FieldSpec.objectList(name,
                        FieldSpec.string("address").description("The collector's `host:port`.").example(example),
                        FieldSpec.bool("secure").defaultValue(false).description("Use TLS towards the collector."))
                .defaultValue(List.of());
    }

    /** The collectors of list {@code name} in a checked section, as base URLs ({@code http://host:port}, {@code https://} when secure). */
    static List<String> endpoints(Conf section, String name) {
        List<String> out = new ArrayList<>();
        for (Conf c : section.list(name)) out.add((c.bool("secure") ? "https://" : "http://") + c.string("address"));
        return out;
    }
}
