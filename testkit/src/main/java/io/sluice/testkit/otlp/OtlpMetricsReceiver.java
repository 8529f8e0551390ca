package io.sluice.testkit.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small OpenTelemetry collector for tests that takes metrics over OTLP/gRPC: an HTTP/2 server (cleartext, prior
 * knowledge, as gRPC clients connect) answering {@code MetricsService/Export} with gRPC's framing and trailers, and
 * decoding each request with OTLP's protobuf messages. It takes OTLP/HTTP ({@code POST /v1/metrics}, protobuf) on the
 * same port. Other calls are refused and listed in {@link #refused()}.
 */
public final class OtlpMetricsReceiver implements AutoCloseable {

    public static final String HTTP_PATH = "/v1/metrics";
    public static final String EXPORT_PATH = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    /** One number point as received: its metric, the service that sent it, its attributes and value. */
    public record Point(String metric, String service, Map<String, String> attributes, double value) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public OtlpMetricsReceiver() throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setHttp2ClearTextEnabled(true))
                .requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest req) {
        if (req.path().equals(HTTP_PATH) && req.method() == HttpMethod.POST) {
            req.body().onSuccess(body -> {
                try {
                    requests.add(ExportMetricsServiceRequest.parseFrom(body.getBytes()));
                    req.response().putHeader("content-type", "application/x-protobuf")
                            .end(Buffer.buffer(ExportMetricsServiceResponse.getDefaultInstance().toByteArray()));
                } catch (InvalidProtocolBufferException e) {
                    refused.add("POST " + HTTP_PATH + ": " + e.getMessage());
                    req.response().setStatusCode(400).end();
                }
            });
            return;
        }
        if (req.version() != HttpVersion.HTTP_2 || !req.path().equals(EXPORT_PATH)
                || !String.valueOf(req.getHeader("content-type")).startsWith("application/grpc")) {
            refused.add(req.version() + " " + req.method() + " " + req.path());
            req.response().putHeader("content-type", "application/grpc").putHeader("grpc-status", "12").end();
            return;
        }
        req.body().onSuccess(body -> {
            ByteBuffer framed = ByteBuffer.wrap(body.getBytes());
            byte compressed = framed.get();
            byte[] message = new byte[framed.getInt()];
            framed.get(message);
            var response = req.response().putHeader("content-type", "application/grpc");
            try {
                if (compressed != 0) throw new InvalidProtocolBufferException("compressed messages are not expected");
                requests.add(ExportMetricsServiceRequest.parseFrom(message));
            } catch (InvalidProtocolBufferException e) {
                response.putTrailer("grpc-status", "3").putTrailer("grpc-message", e.getMessage()).end();
                return;
            }
            byte[] answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            ByteBuffer out = ByteBuffer.allocate(5 + answer.length).put((byte) 0).putInt(answer.length).put(answer);
            response.putTrailer("grpc-status", "0").end(Buffer.buffer(out.array()));
        });
    }

    /** The collector's address, {@code http://127.0.0.1:port}: the OTLP/gRPC endpoint, and OTLP/HTTP's without its path. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Export calls received and decoded. */
    public int exports() {
        return requests.size();
    }

    /** Calls that were not OTLP metrics over gRPC ({@code version method path}). */
    public List<String> refused() {
        return refused;
    }

    /** Every number point (sums and gauges) in the order received. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (ExportMetricsServiceRequest request : requests) {
            for (ResourceMetrics rm : request.getResourceMetricsList()) {
                String service = attributes(rm.getResource().getAttributesList()).getOrDefault("service.name", "");
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        List<NumberDataPoint> dataPoints = m.hasSum() ? m.getSum().getDataPointsList()
                                : m.hasGauge() ? m.getGauge().getDataPointsList() : List.of();
                        for (NumberDataPoint p : dataPoints) {
                            double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
                            out.add(new Point(m.getName(), service, attributes(p.getAttributesList()), value));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The latest value received of {@code metric} at a point whose attributes include {@code having}. */
    public Optional<Double> latest(String metric, Map<String, String> having) {
        Double value = null;
        for (Point p : points()) {
            if (p.metric().equals(metric) && p.attributes().entrySet().containsAll(having.entrySet())) value = p.value();
        }
        return Optional.ofNullable(value);
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : list) out.put(kv.getKey(), kv.getValue().getStringValue());
        return out;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
