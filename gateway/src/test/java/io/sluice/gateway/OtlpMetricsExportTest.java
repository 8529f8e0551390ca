package io.sluice.gateway;

import io.sluice.gateway.config.MetricsConfig;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import io.sluice.testkit.otlp.OtlpMetricsReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's metrics pushed to an OpenTelemetry collector ({@code metrics.otlp_endpoint}): the test's own collector
 * receives the request counts of known traffic over OTLP/gRPC and over OTLP/HTTP.
 */
class OtlpMetricsExportTest {

    @TempDir
    static Path dir;
    private static TestUpstream upstream;
    private static OtlpMetricsReceiver collector;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream();
        collector = new OtlpMetricsReceiver();
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
        upstream.close();
    }

    private static RunningGateway gateway(String name, String exporter, String endpoint) throws Exception {
        return RunningGateway.start(dir.resolve(name),
                c -> c.withMetrics(MetricsConfig.defaults().withOtlp(endpoint, exporter, 200)),
                ApiDocs.keyless(name, "/" + name + "/", upstream.url()).authToken());
    }

    /** Sends 3 requests with a key and 2 without (refused), then waits for the collector to have them all. */
    private static void knownTrafficArrives(String api, String exporter) throws Exception {
        try (RunningGateway gateway = gateway(api, exporter, collector.endpoint())) {
            String key = gateway.createKey("{\"access_rights\": {\"" + api + "\": {\"api_id\": \"" + api + "\"}}}");
            for (int i = 0; i < 3; i++) assertThat(gateway.get("/" + api + "/bytes?n=100", "Authorization", key).statusCode()).isEqualTo(200);
            for (int i = 0; i < 2; i++) assertThat(gateway.get("/" + api + "/bytes?n=100").statusCode()).isEqualTo(401);
            Eventually.within(Duration.ofSeconds(15), () -> collector.latest("sluice.api.requests", Map.of("api", api)).isPresent()
                    && collector.latest("sluice.api.requests", Map.of("api", api, "status_class", "2xx")).orElse(0.0) == 3
                    && collector.latest("sluice.api.requests", Map.of("api", api, "status_class", "4xx")).orElse(0.0) == 2);
        }
        // the three bodies of 100 bytes, and the two refusals' short JSON errors
        assertThat(collector.latest("sluice.api.bytes.out", Map.of("api", api)).orElseThrow()).isBetween(301.0, 400.0);
        assertThat(collector.points()).filteredOn(p -> p.attributes().getOrDefault("api", "").equals(api))
                .extracting(OtlpMetricsReceiver.Point::service).containsOnly("sluice-gateway");
        assertThat(collector.refused()).isEmpty();
    }

    @Test
    void requestCountsReachTheCollectorOverGrpc() throws Exception {
        knownTrafficArrives("otlp-grpc", "grpc");
    }

    @Test
    void requestCountsReachTheCollectorOverHttp() throws Exception {
        knownTrafficArrives("otlp-http", "http");
    }

    @Test
    void anUnknownExporterIsAStartupErrorNamingTheSetting() {
        assertThatThrownBy(() -> gateway("otlp-bad", "thrift", collector.endpoint()))
                .hasStackTraceContaining("metrics.otlp_exporter").hasStackTraceContaining("thrift");
    }
}
