package io.sluice.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.core.observe.OtlpExporter;
import io.sluice.core.observe.ProcessMetrics;
import io.sluice.core.observe.StatsdExporter;
import io.sluice.core.observe.Tracing;
import io.sluice.gateway.config.OpenTelemetryConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.MetricsConfig;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.storage.GatewayStorage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway adds to the process registry and where it shows it: {@code /metrics} on the gateway port or a port
 * of its own, StatsD and OTLP exporters when configured, the request observer, and the analytics writer.
 */
public final class GatewayObservability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayObservability.class);

    private final MetricsEndpoint endpoint;
    private final boolean ownPort;
    private final RequestObserver requests;
    private final AnalyticsWriter analytics;
    private final MeterRegistry statsd;
    private final boolean tracing;
    private AutoCloseable otlp;
    private HttpServer server;

    private GatewayObservability(MetricsEndpoint endpoint, boolean ownPort, RequestObserver requests, AnalyticsWriter analytics,
                                 MeterRegistry statsd, boolean tracing) {
        this.tracing = tracing;
        this.endpoint = endpoint;
        this.ownPort = ownPort;
        this.requests = requests;
        this.analytics = analytics;
        this.statsd = statsd;
    }

    public static GatewayObservability start(GatewayConfig config, Vertx vertx, BlockingWork blocking, GatewayStorage storage) {
        MetricsConfig m = config.metrics() == null ? MetricsConfig.defaults() : config.metrics();
        MetricsEndpoint endpoint = m.enabled() ? new MetricsEndpoint(blocking, m.requireSecret() ? config.secret() : null) : null;
        MeterRegistry statsd = null;
        if (m.statsdAddress() != null && !m.statsdAddress().isBlank()) {
            statsd = StatsdExporter.start(m.statsdAddress(), m.statsdTagFormat(), Duration.ofMillis(Math.max(10, m.statsdFlushMs())), Map.of());
            LOG.info("Metrics are pushed to StatsD at {} ({} tags)", m.statsdAddress(), m.statsdTagFormat());
        }
        OpenTelemetryConfig otel = config.opentelemetry();
        boolean tracing = otel != null && otel.enabled();
        if (tracing) {
            boolean http = "http".equalsIgnoreCase(otel.exporter());
            Tracing.configure(otel.resourceName(), http ? List.of(otel.endpoint()) : List.of(), http ? List.of() : List.of(otel.endpoint()),
                    otel.sampling() == null ? 1.0 : otel.sampling().ratio(), Map.of());
            LOG.info("Traces are sent over OTLP/{} to {}", http ? "HTTP" : "gRPC", otel.endpoint());
        }
        AnalyticsWriter analytics = config.enableAnalytics() ? AnalyticsWriter.start(config, storage) : null;
        RequestObserver requests = m.enabled() || statsd != null || analytics != null || tracing
                ? new RequestObserver(ProcessMetrics.registry(), config, analytics) : null;
        GatewayObservability o = new GatewayObservability(endpoint, endpoint != null && m.listenPort() > 0, requests, analytics, statsd, tracing);
        if (o.ownPort) o.listen(vertx, m);
        if (m.otlpEndpoint() != null && !m.otlpEndpoint().isBlank()) {
            OtlpExporter.Protocol protocol;
            try {
                protocol = OtlpExporter.Protocol.of(m.otlpExporter());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("metrics.otlp_exporter: " + e.getMessage(), e);
            }
            String service = otel != null && otel.resourceName() != null ? otel.resourceName() : "sluice-gateway";
            o.otlp = OtlpExporter.start(m.otlpEndpoint(), protocol, service, Map.of(), Duration.ofMillis(Math.max(100, m.otlpStepMs())));
            LOG.info("Metrics are pushed over OTLP/{} to {}", protocol == OtlpExporter.Protocol.GRPC ? "gRPC" : "HTTP", m.otlpEndpoint());
        }
        return o;
    }

    private void listen(Vertx vertx, MetricsConfig m) {
        String host = m.listenAddress() == null || m.listenAddress().isBlank() ? "0.0.0.0" : m.listenAddress();
        server = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals(MetricsEndpoint.PATH)) endpoint.handle(req);
            else req.response().setStatusCode(404).end();
        });
        try {
            server.listen(m.listenPort(), host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot serve /metrics on port " + m.listenPort() + ": " + e.getMessage(), e);
        }
        LOG.info("Metrics served at http://{}:{}{}", host, m.listenPort(), MetricsEndpoint.PATH);
    }

    /** The endpoint to mount on the gateway port; null when metrics are off or served on their own port. */
    public MetricsEndpoint endpointOnGatewayPort() {
        return ownPort ? null : endpoint;
    }

    /** Null when neither metrics nor analytics are on. */
    public RequestObserver requests() {
        return requests;
    }

    /** The analytics writer; null unless {@code enable_analytics}. */
    public AnalyticsWriter analytics() {
        return analytics;
    }

    @Override
    public void close() {
        if (server != null) server.close();
        if (analytics != null) analytics.close();
        if (tracing) Tracing.shutdown();
        if (otlp != null) {
            try {
                otlp.close();
            } catch (Exception e) {
                LOG.debug("Closing the OTLP metrics exporter failed: {}", e.toString());
            }
        }
        if (statsd != null) {
            ProcessMetrics.detach(statsd);
            statsd.close();
        }
    }
}
