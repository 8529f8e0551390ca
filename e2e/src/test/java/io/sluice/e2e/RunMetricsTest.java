package io.sluice.e2e;

import io.sluice.testkit.otlp.OtlpMetricsReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        exportsTheFinalCountsOverOtlp("http", "otlp-run", "otlp-test", 4);
    }

    @Test
    void openTelemetryCollectorReceivesTheMetricsOverOtlpGrpc() throws Exception {
        exportsTheFinalCountsOverOtlp("grpc", "otlp-grpc", "grpc-test", 6);
    }

    /** Runs {@code count} messages with {@code open_telemetry_collector.<transport>} aimed at the test's own collector. */
    private void exportsTheFinalCountsOverOtlp(String transport, String stream, String service, int count) throws Exception {
        try (OtlpMetricsReceiver collector = new OtlpMetricsReceiver()) {
            Path config = dir.resolve(stream + ".yaml");
            Files.writeString(config, """
                    input:
                      generate:
                        count: %d
                        interval: ""
                        mapping: 'root = "x"'
                    output:
                      drop: {}
                    metrics:
                      open_telemetry_collector:
                        service: %s
                        %s:
                          - address: %s
                    """.formatted(count, service, transport, collector.endpoint().replace("http://", "")));
            CliTest.Run run = sluice("run", config.toString());
            assertThat(run.code()).as(run.err()).isZero();
            // The registry publishes once more when closed, before the process exits: the export is in by now.
            assertThat(collector.refused()).isEmpty();
            assertThat(collector.exports()).isPositive();
            assertThat(collector.latest("input_received", Map.of("stream", stream, "path", "root.input"))).contains((double) count);
            assertThat(collector.latest("output_sent", Map.of("stream", stream))).contains((double) count);
            assertThat(collector.points()).extracting(OtlpMetricsReceiver.Point::service).containsOnly(service);
        }
    }
}
