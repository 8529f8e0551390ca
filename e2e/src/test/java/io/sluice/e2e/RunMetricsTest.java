package io.sluice.e2e;

import com.sun.net.httpserver.HttpServer;
import io.sluice.testkit.otlp.OtlpMetricsReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.sluice.e2e.CliTest.sluice;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice run} with a {@code metrics} section: the counts of a finished stream, and {@code metrics.mapping}. */
class RunMetricsTest {

    @TempDir
    Path dir;

    @Test
    void prometheusWritesTheFinalCountsWithTheDialectsNames() throws Exception {
        Path metrics = dir.resolve("metrics.txt");
        Path config = dir.resolve("counted.yaml");
        Files.writeString(config, """
                input:
                  generate:
                    count: 7
                    interval: ""
                    mapping: 'root = {"n": counter()}'
                pipeline:
                  processors:
                    - label: double
                      mapping: 'root.n = this.n * 2'
                output:
                  drop: {}
                http:
                  address: 127.0.0.1:0
                metrics:
                  prometheus:
                    file_output_path: %s
                """.formatted(metrics));
        CliTest.Run run = sluice("run", config.toString());
        assertThat(run.code()).as(run.err()).isZero();
        String text = Files.readString(metrics);
        assertThat(text).contains("input_received_total{label=\"\",path=\"root.input\",stream=\"counted\"} 7.0");
        assertThat(text).contains("output_sent_total{label=\"\",path=\"root.output\",stream=\"counted\"} 7.0");
        assertThat(text).contains("processor_sent_total{label=\"double\",path=\"root.pipeline.processors.0\",stream=\"counted\"} 7.0");
        assertThat(text).contains("processor_error_total{label=\"double\",path=\"root.pipeline.processors.0\",stream=\"counted\"} 0.0");
    }

    @Test
    void mappingRenamesAndDropsMetrics() throws Exception {
        Path metrics = dir.resolve("mapped.txt");
        Path config = dir.resolve("mapped.yaml");
        Files.writeString(config, """
                input:
                  generate:
                    count: 3
                    interval: ""
                    mapping: 'root = "x"'
                output:
                  drop: {}
                http:
                  address: 127.0.0.1:0
                metrics:
                  mapping: |
                    root = if this.has_prefix("output_") { deleted() } else { "shop_" + this }
                    meta team = "payments"
                  prometheus:
                    file_output_path: %s
                """.formatted(metrics));
        CliTest.Run run = sluice("run", config.toString());
        assertThat(run.code()).as(run.err()).isZero();
        String text = Files.readString(metrics);
        assertThat(text).contains("shop_input_received_total{label=\"\",path=\"root.input\",stream=\"mapped\",team=\"payments\"} 3.0");
        assertThat(text).doesNotContain("output_sent").doesNotContain("\ninput_received");
    }

    @Test
    void openTelemetryCollectorReceivesTheMetricsOverOtlpHttp() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/metrics", x -> {
            bodies.add(x.getRequestBody().readAllBytes());
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        collector.start();
        try {
            Path config = dir.resolve("otlp-run.yaml");
            Files.writeString(config, """
                    input:
                      generate:
                        count: 4
                        interval: ""
                        mapping: 'root = "x"'
                    output:
                      drop: {}
                    metrics:
                      open_telemetry_collector:
                        service: otlp-test
                        http:
                          - address: 127.0.0.1:%d
                    """.formatted(collector.getAddress().getPort()));
            CliTest.Run run = sluice("run", config.toString());
            assertThat(run.code()).as(run.err()).isZero();
            // The registry publishes once more when closed, before the process exits: the request is in by now.
            assertThat(bodies).isNotEmpty();
            String all = bodies.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1))
                    .collect(Collectors.joining());
            assertThat(all).contains("input_received").contains("otlp-run").contains("otlp-test");
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void openTelemetryCollectorReceivesTheMetricsOverOtlpGrpc() throws Exception {
        try (OtlpMetricsReceiver collector = new OtlpMetricsReceiver()) {
            Path config = dir.resolve("otlp-grpc.yaml");
            Files.writeString(config, """
                    input:
                      generate:
                        count: 6
                        interval: ""
                        mapping: 'root = "x"'
                    output:
                      drop: {}
                    metrics:
                      open_telemetry_collector:
                        service: grpc-test
                        grpc:
                          - address: %s
                    """.formatted(collector.endpoint().replace("http://", "")));
            CliTest.Run run = sluice("run", config.toString());
            assertThat(run.code()).as(run.err()).isZero();
            // The registry publishes once more when closed, before the process exits: the call is in by now.
            assertThat(collector.refused()).isEmpty();
            assertThat(collector.exports()).isPositive();
            assertThat(collector.latest("input_received", Map.of("stream", "otlp-grpc", "path", "root.input"))).contains(6.0);
            assertThat(collector.latest("output_sent", Map.of("stream", "otlp-grpc"))).contains(6.0);
            assertThat(collector.points()).extracting(OtlpMetricsReceiver.Point::service).containsOnly("grpc-test");
        }
    }
}
