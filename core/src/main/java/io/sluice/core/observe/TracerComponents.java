package io.sluice.core.observe;

import io.sluice.core.config.ConfigNode;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentNode;
import org.slf4j.LoggerFactory;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;
import java.util.Map;

/** The {@code tracer} choices of a stream config, one spec each, so that lint checks every field. */
public final class TracerComponents {

    private TracerComponents() {
    }

    /** What a {@code tracer} section was built into: its type and its checked config. */
    public record Settings(String type, Conf conf) {
    }

    public static final ComponentSpec NONE = ComponentSpec.of("none", ComponentKind.TRACER)
            .summary("No traces; the default.")
            .fields()
            .example("Tracing off", "Said out loud.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    tracer:
                      none: {}
                    """);

    public static final ComponentSpec OPEN_TELEMETRY = ComponentSpec.of("open_telemetry_collector", ComponentKind.TRACER)
            .summary("Sends a span per message and component to OpenTelemetry collectors over OTLP.")
            .description("A message that arrives with a W3C `traceparent` continues that trace; otherwise a new one starts at the input.")
            .fields(FieldSpec.string("service").defaultValue("sluice").description("The `service.name` resource attribute."),
                    OtlpCollectors.http(),
                    OtlpCollectors.grpc(),
                    FieldSpec.stringMap("tags").defaultValue(Map.of()).advanced().description("Resource attributes added to every span."),
                    FieldSpec.object("sampling",
                                    FieldSpec.bool("enabled").defaultValue(false).description("Keep only a share of the traces."),
                                    FieldSpec.number("ratio").optional().description("The share kept, between 0 and 1.").example(0.25))
                            .description("Sampling, for busy streams."))
            .example("To a local collector", "Traces over OTLP/HTTP, one in ten kept.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    tracer:
                      open_telemetry_collector:
                        service: orders-pipeline
                        http:
                          - address: localhost:4318
                        sampling:
                          enabled: true
                          ratio: 0.1
                    """);

    public static final ComponentSpec JAEGER = ComponentSpec.of("jaeger", ComponentKind.TRACER)
            .summary("Jaeger's own protocol: its fields are checked, but Sluice sends no spans this way; use `open_telemetry_collector`, which Jaeger receives.")
            .fields(FieldSpec.string("agent_address").defaultValue("").description("The Jaeger agent's `host:port`."),
                    FieldSpec.string("collector_url").defaultValue("").description("A Jaeger collector URL."),
                    FieldSpec.string("sampler_type").defaultValue("const").options("const", "probabilistic", "ratelimiting", "remote")
                            .description("How traces are sampled."),
                    FieldSpec.number("sampler_param").defaultValue(1.0).advanced().description("The sampler's parameter."),
                    FieldSpec.stringMap("tags").defaultValue(Map.of()).advanced().description("Tags added to every span."),
                    FieldSpec.duration("flush_interval").optional().advanced().description("How often spans are sent."))
            .example("A Jaeger agent", "Checked and accepted; traces need `open_telemetry_collector`.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    tracer:
                      jaeger:
                        agent_address: localhost:6831
                    """);

    public static final List<ComponentSpec> ALL = List.of(NONE, OPEN_TELEMETRY, JAEGER);

    /**
     * Starts the process tracer a standalone stream's {@code tracer} section asks for; close the result to flush and
     * stop it. Call before building the stream, so that its processors are traced. A section that does not parse
     * starts nothing (the stream's lint reports it).
     */
    public static AutoCloseable start(Conf tracer) {
        ConfigNode node = tracer.node() != null ? tracer.node() : ConfigNode.fromPlain(tracer.spec().defaultValue(), tracer.position());
        if (!(ComponentNode.parse(node, ComponentKind.TRACER) instanceof ComponentNode cn)) return () -> { };
        if (cn.type().equals("jaeger")) {
            LoggerFactory.getLogger("sluice.tracer").warn("tracer.jaeger: spans are not sent in Jaeger's protocol; use open_telemetry_collector");
            return () -> { };
        }
        if (!cn.type().equals("open_telemetry_collector")) return () -> { };
        Conf c = new Conf(OPEN_TELEMETRY.reshape(cn.config()), OPEN_TELEMETRY.config(), tracer.path() + "." + cn.type(), cn.typePos(), null);
        Conf sampling = c.child("sampling");
        double ratio = sampling.isPresent() && sampling.bool("enabled") && sampling.isSet("ratio") ? sampling.number("ratio") : 1.0;
        Tracing.configure(c.string("service"), OtlpCollectors.endpoints(c, OtlpCollectors.HTTP),
                OtlpCollectors.endpoints(c, OtlpCollectors.GRPC), ratio, c.stringMap("tags"));
        return Tracing::shutdown;
    }

    public static void register(ComponentRegistry r) {
        for (ComponentSpec spec : ALL) r.register(spec, (conf, ctx) -> new Settings(spec.name(), conf));
    }
}
