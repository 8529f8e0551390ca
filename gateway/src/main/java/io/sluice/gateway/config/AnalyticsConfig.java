package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code analytics_config} as in tyk.conf, with Sluice's additions. Records are written only when
 * {@code enable_analytics} is true.
 *
 * @param enableDetailedRecording Tyk's name; in Sluice it labels request metrics and records per key (alias or key
 *                                hash, never the key) for every API; an API turns it on for itself with
 *                                {@code server.detailedActivityLogs.enabled}
 * @param sampleRate              share of requests and delivered batches recorded, 0..1 (an API may set its own in
 *                                {@code server.detailedActivityLogs.sampleRate})
 * @param retentionSeconds        how long records are kept (Redis, PostgreSQL, memory)
 * @param memoryLimit             records kept in memory when the storage is memory
 * @param flushMs                 how often the writer sends its batch of records
 * @param postgres                a PostgreSQL to write records to instead of the storage
 * @param enableGeoIp             Tyk's name: fill each REST record's {@code geo} from the client's address
 * @param geoIpDbPath             Tyk's name: the GeoLite2 (or GeoIP2) City or Country file ({@code .mmdb}); must exist
 *                                when {@code enable_geo_ip} is on
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalyticsConfig(
        @JsonProperty("enable_detailed_recording") boolean enableDetailedRecording,
        @JsonProperty("sample_rate") double sampleRate,
        @JsonProperty("retention_seconds") long retentionSeconds,
        @JsonProperty("memory_limit") int memoryLimit,
        @JsonProperty("flush_ms") int flushMs,
        @JsonProperty("postgres") Postgres postgres,
        @JsonProperty("enable_geo_ip") boolean enableGeoIp,
        @JsonProperty("geo_ip_db_path") String geoIpDbPath) {

    /** Without GeoIP. */
    public AnalyticsConfig(boolean enableDetailedRecording, double sampleRate, long retentionSeconds, int memoryLimit, int flushMs,
                           Postgres postgres) {
        this(enableDetailedRecording, sampleRate, retentionSeconds, memoryLimit, flushMs, postgres, false, "");
    }

    /** The same settings with GeoIP lookups from the database at {@code path}. */
    public AnalyticsConfig withGeoIp(String path) {
        return new AnalyticsConfig(enableDetailedRecording, sampleRate, retentionSeconds, memoryLimit, flushMs, postgres, true, path);
    }

    /**
     * @param url      JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/analytics}; empty: not used
     * @param table    the table records go to; created when missing
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Postgres(@JsonProperty("url") String url, @JsonProperty("user") String user,
                           @JsonProperty("password") String password, @JsonProperty("table") String table) {
        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    public static AnalyticsConfig defaults() {
        return new AnalyticsConfig(false, 1.0, 7 * 24 * 3600, 100_000, 1000, new Postgres("", "", "", "sluice_analytics"));
    }
}
