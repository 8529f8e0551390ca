package io.sluice.core.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.sluice.core.message.Part;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The process's tracer (OpenTelemetry SDK, spans sent over OTLP/HTTP or gRPC). Off until {@link #configure} is
 * called: then a proxied request is a server span with the upstream call as a child, and a stream message that
 * carries a W3C {@code traceparent} (a Kafka/AMQP/NATS/MQTT header or an HTTP header, read into metadata by the
 * input) gets a span per processor and one for each delivery to a consumer, all in the producer's trace.
 *
 * <p>The trace context of a message travels in its metadata ({@code traceparent}, {@code tracestate}): each span
 * writes its own context there, so the next component, an output that writes headers, and Bloblang's
 * {@code tracing_span()}/{@code tracing_id()} all see the current span.
 */
public final class Tracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static volatile SdkTracerProvider provider;
    private static volatile Tracer tracer = OpenTelemetry.noop().getTracer("sluice");

    private static final TextMapGetter<Map<String, ?>> FROM_MAP = new TextMapGetter<>() {
        @Override public Iterable<String> keys(Map<String, ?> carrier) { return carrier.keySet(); }
        @Override public String get(Map<String, ?> carrier, String key) {
            Object v = carrier == null ? null : carrier.get(key);
            return v == null ? null : String.valueOf(v);
        }
    };

    private Tracing() {
    }

    /**
     * Starts sending spans. Endpoints are {@code host:port} or URLs; OTLP/HTTP ones get {@code /v1/traces}.
     *
     * @param ratio share of new traces kept (a continued trace follows its parent's choice); 1 keeps all
     */
    public static synchronized void configure(String service, List<String> httpEndpoints, List<String> grpcEndpoints,
                                              double ratio, Map<String, String> tags) {
        shutdown();
        var attributes = Attributes.builder().put("service.name", service == null || service.isBlank() ? "sluice" : service);
        tags.forEach(attributes::put);
        SdkTracerProviderBuilder b = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(attributes.build())))
                .setSampler(Sampler.parentBased(ratio >= 1 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(Math.max(0, ratio))));
        for (String endpoint : httpEndpoints) {
            String url = url(endpoint);
            if (!url.endsWith("/v1/traces")) url = url.replaceAll("/+$", "") + "/v1/traces";
            b.addSpanProcessor(batch(OtlpHttpSpanExporter.builder().setEndpoint(url).build()));
        }
        for (String endpoint : grpcEndpoints) {
            b.addSpanProcessor(batch(OtlpGrpcSpanExporter.builder().setEndpoint(url(endpoint)).build()));
        }
        provider = b.build();
        tracer = OpenTelemetrySdk.builder().setTracerProvider(provider).build().getTracer("io.sluice");
    }

    private static BatchSpanProcessor batch(SpanExporter exporter) {
        return BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(500)).build();
    }

    private static String url(String endpoint) {
        return endpoint.contains("://") ? endpoint : "http://" + endpoint;
    }

    public static boolean enabled() {
        return provider != null;
    }

    public static Tracer tracer() {
        return tracer;
    }

    /** Sends what was recorded so far; for tests and shutdown. */
    public static void flush() {
        SdkTracerProvider p = provider;
        if (p != null) p.forceFlush().join(10, TimeUnit.SECONDS);
    }

    public static synchronized void shutdown() {
        SdkTracerProvider p = provider;
        provider = null;
        tracer = OpenTelemetry.noop().getTracer("sluice");
        if (p != null) p.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** The trace context in W3C headers or metadata ({@code traceparent}, {@code tracestate}); the root context when none. */
    public static Context extract(Map<String, ?> carrier) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, FROM_MAP);
    }

    /** Writes the context of {@code span} into {@code carrier} as W3C headers. */
    public static <C> void inject(Span span, C carrier, TextMapSetter<C> setter) {
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, setter);
    }

    /** True when the part carries a trace context to continue. */
    public static boolean carriesTrace(Part part) {
        return part.meta(TRACEPARENT) != null;
    }

    /** A span that continues the part's trace; its context replaces the part's, so what follows is its child. */
    public static Span startFor(Part part, String name, SpanKind kind) {
        Span span = tracer.spanBuilder(name).setParent(extract(part.metadata())).setSpanKind(kind).startSpan();
        inject(span, part, (p, k, v) -> p.setMeta(k, v));
        return span;
    }

    /** Marks a span failed with the reason. */
    public static void failed(Span span, String reason) {
        span.setStatus(StatusCode.ERROR, reason == null ? "" : reason);
    }
}
