package io.sluice.core.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The exporters a standalone stream ({@code sluice run}) asks for in its {@code metrics} section, and the process's
 * HTTP server on {@code http.address} that serves {@code /metrics}, {@code /stats}, {@code /ping} and {@code /ready}.
 * Inside the gateway the gateway's settings decide instead (see the gateway's {@code metrics} settings).
 */
public final class MetricsExporters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("sluice.metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String DEFAULT_ADDRESS = "0.0.0.0:4195";

    private final String type;
    private final List<AutoCloseable> running = new ArrayList<>();
    private HttpServer server;
    private Runnable atClose = () -> { };

    private MetricsExporters(String type) {
        this.type = type;
    }

    /** The type chosen in a {@code metrics} section ({@code prometheus} when none is given). */
    public static String typeOf(Conf metrics) {
        ConfigNode node = metrics.node() != null ? metrics.node() : ConfigNode.fromPlain(metrics.spec().defaultValue(), metrics.position());
        return ComponentNode.parse(node, ComponentKind.METRICS) instanceof ComponentNode cn ? cn.type() : "none";
    }

    /**
     * Starts what a validated {@code metrics} section asks for, and the HTTP server of {@code http} ({@code address},
     * {@code enabled}) when the type is served over HTTP.
     *
     * @param metrics the {@code metrics} section, checked against its spec
     * @param http    the raw {@code http} section, or null
     */
    public static MetricsExporters start(Conf metrics, ConfigNode http) throws IOException {
        String type = typeOf(metrics);
        MetricsExporters e = new MetricsExporters(type);
        Conf c = typeConf(metrics, type);
        switch (type) {
            case "prometheus" -> {
                if (c.bool("add_process_metrics")) bindJvm(ProcessMetrics.registry());
                String file = c.string("file_output_path");
                if (!file.isBlank()) e.atClose = () -> writeFile(Path.of(file));
                if (c.isSet("push_url") && !c.string("push_url").isBlank()) e.push(c);
            }
            case "statsd" -> {
                MeterRegistry statsd = StatsdExporter.start(c.string("address"), c.string("tag_format"), c.duration("flush_period"), c.stringMap("tags"));
                e.running.add(() -> {
                    ProcessMetrics.detach(statsd);
                    statsd.close();
                });
            }
            case "logger" -> {
                if (c.isSet("push_interval")) e.every(c.duration("push_interval"), MetricsExporters::log);
                e.atClose = MetricsExporters::log;
            }
            case "open_telemetry_collector" -> {
                for (String url : OtlpCollectors.endpoints(c, OtlpCollectors.HTTP)) e.exportOtlp(url, OtlpExporter.Protocol.HTTP, c);
                for (String url : OtlpCollectors.endpoints(c, OtlpCollectors.GRPC)) e.exportOtlp(url, OtlpExporter.Protocol.GRPC, c);
            }
            default -> { }
        }
        if (type.equals("prometheus") || type.equals("json_api")) e.serve(http);
        return e;
    }

    /** The chosen type's own config, read through its spec (defaults filled in). */
    private static Conf typeConf(Conf metrics, String type) {
        ConfigNode node = metrics.node() != null ? metrics.node() : ConfigNode.fromPlain(metrics.spec().defaultValue(), metrics.position());
        ComponentNode cn = (ComponentNode) ComponentNode.parse(node, ComponentKind.METRICS);
        ComponentSpec spec = MetricsComponents.ALL.stream().filter(s -> s.name().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metrics type '" + type + "'"));
        return new Conf(spec.reshape(cn.config()), spec.config(), metrics.path() + "." + type, cn.typePos(), null);
    }

    private void exportOtlp(String url, OtlpExporter.Protocol protocol, Conf c) {
        running.add(OtlpExporter.start(url, protocol, c.string("service"), c.stringMap("tags"), OtlpExporter.STEP));
    }

    private static void bindJvm(MeterRegistry r) {
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
    }

    private void serve(ConfigNode http) throws IOException {
        String address = DEFAULT_ADDRESS;
        if (http instanceof ConfigNode.MapNode m) {
            if (m.get("enabled") instanceof ConfigNode.ScalarNode s && Boolean.FALSE.equals(s.value())) return;
            if (m.get("address") instanceof ConfigNode.ScalarNode s && s.value() instanceof String a && !a.isBlank()) address = a;
        }
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "0.0.0.0";
        int port = Integer.parseInt(address.substring(colon + 1));
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException ex) {
            // Another process (a second `sluice run`) has the port: the stream still runs, only unscraped.
            LOG.warn("metrics not served: cannot listen on {} ({}); set http.address to a free port", address, ex.getMessage());
            return;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", this::metrics);
        server.createContext("/stats", this::metrics);
        server.createContext("/ping", x -> reply(x, 200, "text/plain", "pong"));
        server.createContext("/ready", x -> reply(x, 200, "text/plain", "OK"));
        server.start();
        LOG.debug("metrics served at http://{}:{}/metrics", host, server.getAddress().getPort());
    }

    /** The port the HTTP server listens on; -1 when there is none. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private void metrics(HttpExchange x) throws IOException {
        if (type.equals("json_api")) {
            reply(x, 200, "application/json", JSON.writeValueAsString(ProcessMetrics.json()));
        } else {
            reply(x, 200, ProcessMetrics.PROMETHEUS_CONTENT_TYPE, ProcessMetrics.prometheusText());
        }
    }

    private static void reply(HttpExchange x, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", contentType);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void every(Duration period, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException ex) {
                LOG.warn("metrics export failed: {}", ex.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        running.add(timer::shutdownNow);
    }

    /** Pushes the Prometheus text to a Pushgateway ({@code PUT <push_url>/metrics/job/<job>}) on an interval. */
    private void push(Conf c) {
        HttpClient client = HttpClient.newHttpClient();
        URI target = URI.create(c.string("push_url").replaceAll("/+$", "") + "/metrics/job/" + c.string("push_job_name"));
        String auth = null;
        Conf basic = c.child("push_basic_auth");
        if (basic.isPresent() && !basic.string("username").isEmpty()) {
            auth = "Basic " + Base64.getEncoder().encodeToString((basic.string("username") + ":" + basic.string("password")).getBytes(StandardCharsets.UTF_8));
        }
        String authorization = auth;
        Duration interval = c.isSet("push_interval") ? c.duration("push_interval") : Duration.ofSeconds(10);
        Runnable once = () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(target).header("Content-Type", ProcessMetrics.PROMETHEUS_CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString(ProcessMetrics.prometheusText()));
            if (authorization != null) b.header("Authorization", authorization);
            try {
                HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 300) LOG.warn("pushing metrics to {} answered {}", target, r.statusCode());
            } catch (IOException ex) {
                LOG.warn("pushing metrics to {} failed: {}", target, ex.toString());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        every(interval, once);
        Runnable before = atClose;
        atClose = () -> {
            before.run();
            once.run();
        };
    }

    private static void writeFile(Path file) {
        try {
            Files.writeString(file, ProcessMetrics.prometheusText());
        } catch (IOException ex) {
            LOG.warn("cannot write metrics to {}: {}", file, ex.toString());
        }
    }

    private static void log() {
        try {
            LOG.atInfo().setMessage("metrics").addKeyValue("metrics", JSON.writeValueAsString(ProcessMetrics.snapshot())).log();
        } catch (IOException ex) {
            LOG.warn("cannot write metrics: {}", ex.toString());
        }
    }

    @Override
    public void close() {
        atClose.run();
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception ex) {
                LOG.debug("closing a metrics exporter failed: {}", ex.toString());
            }
        }
        if (server != null) server.stop(0);
    }
}
