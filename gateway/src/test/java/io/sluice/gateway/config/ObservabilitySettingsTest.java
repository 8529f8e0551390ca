package io.sluice.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OTLP metrics and GeoIP settings read like every other: Tyk's key names in the file, SLUICE_GW_ / TYK_GW_ variables. */
class ObservabilitySettingsTest {

    @TempDir
    Path dir;

    @Test
    void offByDefault() {
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of());
        assertThat(config.metrics().otlpEndpoint()).isEmpty();
        assertThat(config.metrics().otlpExporter()).isEqualTo("grpc");
        assertThat(config.metrics().otlpStepMs()).isEqualTo(10_000);
        assertThat(config.analyticsConfig().enableGeoIp()).isFalse();
        assertThat(config.analyticsConfig().geoIpDbPath()).isEmpty();
    }

    @Test
    void tykGeoIpKeysInTheFileAndOtlpFromTheEnvironment() throws Exception {
        Path file = dir.resolve("tyk.conf");
        Files.writeString(file, """
                {"enable_analytics": true,
                 "analytics_config": {"enable_geo_ip": true, "geo_ip_db_path": "/var/lib/GeoLite2-City.mmdb"},
                 "metrics": {"otlp_exporter": "http"}}""");
        GatewayConfigLoader.Loaded loaded = GatewayConfigLoader.loadChecked(file, Map.of(
                "SLUICE_GW_METRICS_OTLP_ENDPOINT", "collector:4318",
                "SLUICE_GW_METRICS_OTLP_STEP_MS", "5000",
                "TYK_GW_ANALYTICSCONFIG_GEOIPDBPATH", "/etc/GeoLite2-Country.mmdb"));
        assertThat(loaded.unknownKeys()).isEmpty();
        GatewayConfig config = loaded.config();
        assertThat(config.metrics().otlpEndpoint()).isEqualTo("collector:4318");
        assertThat(config.metrics().otlpExporter()).isEqualTo("http");
        assertThat(config.metrics().otlpStepMs()).isEqualTo(5000);
        assertThat(config.analyticsConfig().enableGeoIp()).isTrue();
        assertThat(config.analyticsConfig().geoIpDbPath()).isEqualTo("/etc/GeoLite2-Country.mmdb");
    }
}
