package io.sluice.core.observe;

import io.micrometer.registry.otlp.OtlpMetricsSender;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Sends the OTLP metrics that Micrometer's registry serialises as one unary gRPC call,
 * {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}: HTTP/2 (cleartext with prior knowledge, or
 * TLS), the message in gRPC's length-prefixed framing, the outcome in the {@code grpc-status} trailer.
 */
final class OtlpGrpcMetricsSender implements OtlpMetricsSender, AutoCloseable {

    static final String EXPORT_PATH = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    private static final MediaType GRPC = MediaType.get("application/grpc");

    private final OkHttpClient client;
    private final String url;

    /** @param endpoint {@code http://host:port} (cleartext HTTP/2) or {@code https://host:port} */
    OtlpGrpcMetricsSender(String endpoint) {
        boolean tls = endpoint.startsWith("https://");
        this.url = endpoint.replaceAll("/+$", "") + EXPORT_PATH;
        this.client = new OkHttpClient.Builder()
                .protocols(tls ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1) : List.of(Protocol.H2_PRIOR_KNOWLEDGE))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public void send(Request request) throws IOException {
        byte[] message = request.getMetricsData();
        // gRPC framing: a compressed flag (0: not compressed), the length as 4 big-endian bytes, the message.
        ByteBuffer framed = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message);
        // okhttp3.Request in full: the sender interface has a Request of its own, which wins over an import here.
        okhttp3.Request.Builder call = new okhttp3.Request.Builder().url(url).header("te", "trailers")
                .post(RequestBody.create(framed.array(), GRPC));
        request.getHeaders().forEach(call::header);
        try (Response response = client.newCall(call.build()).execute()) {
            ResponseBody body = response.body();
            body.bytes(); // the trailers come after the body
            // A collector that fails at once answers with headers only ("trailers-only"): the status is among them.
            Headers status = response.header("grpc-status") != null ? response.headers() : response.trailers();
            String code = status.get("grpc-status");
            if (response.code() != 200 || !"0".equals(code)) {
                throw new IOException("the collector at " + url + " answered HTTP " + response.code() + ", gRPC status " + code
                        + (status.get("grpc-message") == null ? "" : ": " + status.get("grpc-message")));
            }
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
