package io.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.gateway.config.AnalyticsConfig;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RedisRequirement;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import io.sluice.testkit.geo.MmdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code analytics_config.enable_geo_ip}: a GeoLite2 City database written by the test (two networks), requests from
 * those networks (a proxy's {@code X-Forwarded-For} / {@code X-Real-IP}) and from loopback, then the records in Redis
 * carry the client's address and, where the database knows it, its country, city, location and time zone.
 */
class GeoIpAnalyticsTest {

    @TempDir
    Path dir;

    private Path cityDatabase() throws Exception {
        MmdbWriter city = new MmdbWriter("GeoLite2-City");
        city.insert("81.2.69.0", 24, Map.of(
                "city", Map.of("geoname_id", 2643743L, "names", Map.of("en", "London")),
                "country", Map.of("iso_code", "GB"),
                "location", Map.of("latitude", 51.5142, "longitude", -0.0931, "time_zone", "Europe/London")));
        city.insert("2001:db8:5::", 48, Map.of(
                "city", Map.of("geoname_id", 2950159L, "names", Map.of("en", "Berlin", "de", "Berlin")),
                "country", Map.of("iso_code", "DE"),
                "location", Map.of("latitude", 52.5244, "longitude", 13.4105, "time_zone", "Europe/Berlin")));
        Path file = dir.resolve("GeoLite2-City.mmdb");
        Files.write(file, city.build());
        return file;
    }

    @Test
    void recordsCarryTheClientsGeo() throws Exception {
        RedisRequirement.check();
        Path database = cityDatabase();
        String prefix = "sluice-geo-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        AnalyticsConfig d = AnalyticsConfig.defaults();
        AnalyticsConfig analytics = new AnalyticsConfig(false, 1.0, d.retentionSeconds(), d.memoryLimit(), 50, d.postgres())
                .withGeoIp(database.toString());
        RedisClient redis = RedisClient.create("redis://" + RedisRequirement.HOST + ":" + RedisRequirement.PORT);
        try (TestUpstream upstream = new TestUpstream();
             StatefulRedisConnection<String, String> connection = redis.connect();
             RunningGateway gateway = RunningGateway.start(dir.resolve("apps"),
                     c -> c.withStorage(StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT).withKeyPrefix(prefix))
                             .withAnalytics(true, analytics),
                     ApiDocs.keyless("geo-shop", "/geo-shop/", upstream.url()))) {
            assertThat(gateway.get("/geo-shop/london", "X-Forwarded-For", "81.2.69.160, 10.1.2.3").statusCode()).isEqualTo(200);
            assertThat(gateway.get("/geo-shop/berlin", "X-Real-IP", "2001:db8:5::17").statusCode()).isEqualTo(200);
            assertThat(gateway.get("/geo-shop/nowhere").statusCode()).isEqualTo(200);

            String key = prefix + "sluice-analytics";
            Eventually.within(Duration.ofSeconds(10), () -> connection.sync().zcard(key) == 3);
            Map<String, JsonNode> byPath = new HashMap<>();
            for (String member : connection.sync().zrange(key, 0, -1)) {
                JsonNode record = Json.read(member.substring(member.indexOf(' ') + 1));
                byPath.put(record.path("path").asText(), record);
            }
            assertThat(byPath).containsOnlyKeys("/geo-shop/london", "/geo-shop/berlin", "/geo-shop/nowhere");

            JsonNode london = byPath.get("/geo-shop/london");
            assertThat(london.path("ip_address").asText()).isEqualTo("81.2.69.160");
            assertThat(london.path("geo").path("country").path("iso_code").asText()).isEqualTo("GB");
            assertThat(london.path("geo").path("city").path("names").path("en").asText()).isEqualTo("London");
            assertThat(london.path("geo").path("city").path("geoname_id").asLong()).isEqualTo(2643743L);
            assertThat(london.path("geo").path("location").path("latitude").asDouble()).isEqualTo(51.5142);
            assertThat(london.path("geo").path("location").path("longitude").asDouble()).isEqualTo(-0.0931);
            assertThat(london.path("geo").path("location").path("time_zone").asText()).isEqualTo("Europe/London");

            JsonNode berlin = byPath.get("/geo-shop/berlin");
            assertThat(berlin.path("ip_address").asText()).isEqualTo("2001:db8:5::17");
            assertThat(berlin.path("geo").path("country").path("iso_code").asText()).isEqualTo("DE");
            assertThat(berlin.path("geo").path("city").path("names").path("de").asText()).isEqualTo("Berlin");
            assertThat(berlin.path("geo").path("location").path("time_zone").asText()).isEqualTo("Europe/Berlin");

            JsonNode nowhere = byPath.get("/geo-shop/nowhere");
            assertThat(nowhere.path("ip_address").asText()).isEqualTo("127.0.0.1");
            assertThat(nowhere.has("geo")).as("loopback is in no network of the database").isFalse();
            connection.sync().del(key);
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void aMissingDatabaseIsAStartupErrorNamingTheSetting() {
        String missing = dir.resolve("no-such.mmdb").toString();
        AnalyticsConfig analytics = AnalyticsConfig.defaults().withGeoIp(missing);
        assertThatThrownBy(() -> RunningGateway.start(dir.resolve("apps"), c -> c.withAnalytics(true, analytics)))
                .hasStackTraceContaining("analytics_config.geo_ip_db_path").hasStackTraceContaining(missing);
    }
}
