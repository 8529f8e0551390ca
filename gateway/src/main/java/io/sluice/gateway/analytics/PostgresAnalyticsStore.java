package io.sluice.gateway.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.gateway.config.AnalyticsConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records in a PostgreSQL table ({@code analytics_config.postgres}), created when missing. Buckets and percentiles
 * are computed by the database ({@code percentile_cont}), so a query reads no records into the gateway.
 */
public final class PostgresAnalyticsStore implements AnalyticsStore {

    private static final String COLUMNS = "ts_ms, api_id, api_name, org_id, api_key, alias, method, path, response_code, "
            + "request_time, upstream_time, bytes_in, bytes_out, stream, kind, messages, geo";

    private static final ObjectMapper GEO_JSON = new ObjectMapper();

    private final AnalyticsConfig.Postgres settings;
    private final String table;
    private Connection connection;

    public PostgresAnalyticsStore(AnalyticsConfig.Postgres settings) throws SQLException {
        this.settings = settings;
        String t = settings.table() == null || settings.table().isBlank() ? "sluice_analytics" : settings.table();
        if (!t.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("analytics_config.postgres.table: expected a plain table name, got '" + t + "'");
        }
        this.table = t;
        try (Statement s = connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (ts_ms BIGINT NOT NULL, api_id TEXT, api_name TEXT, org_id TEXT, "
                    + "api_key TEXT, alias TEXT, method TEXT, path TEXT, response_code INT, request_time DOUBLE PRECISION, "
                    + "upstream_time DOUBLE PRECISION, bytes_in BIGINT, bytes_out BIGINT, stream TEXT, kind TEXT, messages INT, geo TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS " + table + "_ts ON " + table + " (ts_ms)");
        }
    }

    /** One connection, used by the writer's thread and by queries (serialised): analytics is not a hot path for the database. */
    private synchronized Connection connection() throws SQLException {
        if (connection == null || connection.isClosed() || !connection.isValid(2)) {
            connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        }
        return connection;
    }

    /** The geo column holds the record's geo as JSON. */
    private static String geoJson(GeoData geo) throws SQLException {
        try {
            return GEO_JSON.writeValueAsString(geo);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write the geo of a record: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void write(List<AnalyticsRecord> records) throws SQLException {
        if (records.isEmpty()) return;
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (AnalyticsRecord r : records) {
                ps.setLong(1, r.timestamp());
                ps.setString(2, r.apiId());
                ps.setString(3, r.apiName());
                ps.setString(4, r.orgId());
                ps.setString(5, r.apiKey());
                ps.setString(6, r.alias());
                ps.setString(7, r.method());
                ps.setString(8, r.path());
                ps.setInt(9, r.responseCode());
                ps.setDouble(10, r.requestTime());
                ps.setDouble(11, r.upstreamTime());
                ps.setLong(12, r.bytesIn());
                ps.setLong(13, r.bytesOut());
                ps.setString(14, r.stream());
                ps.setString(15, r.kind());
                ps.setInt(16, r.messages());
                if (r.geo() == null) ps.setNull(17, Types.VARCHAR); else ps.setString(17, geoJson(r.geo()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public synchronized List<AnalyticsBucket> query(AnalyticsQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT (ts_ms / ?) * ? AS bucket, count(*), count(*) FILTER (WHERE response_code >= 400), "
                + "coalesce(sum(messages), 0), coalesce(sum(bytes_in), 0), coalesce(sum(bytes_out), 0), avg(request_time), "
                + "percentile_disc(0.5) WITHIN GROUP (ORDER BY request_time), percentile_disc(0.95) WITHIN GROUP (ORDER BY request_time), "
                + "percentile_disc(0.99) WITHIN GROUP (ORDER BY request_time) FROM " + table + " WHERE ts_ms >= ? AND ts_ms < ?");
        List<String> params = new ArrayList<>();
        if (q.api() != null) {
            sql.append(" AND api_id = ?");
            params.add(q.api());
        }
        if (q.key() != null) {
            sql.append(" AND (api_key = ? OR alias = ?)");
            params.add(q.key());
            params.add(q.key());
        }
        if (q.stream() != null) {
            sql.append(" AND stream = ?");
            params.add(q.stream());
        }
        sql.append(" GROUP BY bucket ORDER BY bucket");
        try (PreparedStatement ps = connection().prepareStatement(sql.toString())) {
            ps.setLong(1, q.bucketMillis());
            ps.setLong(2, q.bucketMillis());
            ps.setLong(3, q.from());
            ps.setLong(4, q.to());
            for (int i = 0; i < params.size(); i++) ps.setString(5 + i, params.get(i));
            List<AnalyticsBucket> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AnalyticsBucket(Instant.ofEpochMilli(rs.getLong(1)).toString(), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), AnalyticsBucket.round(rs.getDouble(7)), AnalyticsBucket.round(rs.getDouble(8)),
                            AnalyticsBucket.round(rs.getDouble(9)), AnalyticsBucket.round(rs.getDouble(10))));
                }
            }
            return out;
        }
    }

    @Override
    public synchronized void expire(long beforeMillis) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("DELETE FROM " + table + " WHERE ts_ms < ?")) {
            ps.setLong(1, beforeMillis);
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
