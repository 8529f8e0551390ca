package io.sluice.gateway.analytics;

/**
 * What {@code GET /tyk/analytics} asks for: records between {@code from} (inclusive) and {@code to} (exclusive), epoch
 * milliseconds, optionally of one API, key (alias or hash) or stream, counted in buckets of {@code bucketMillis}.
 */
public record AnalyticsQuery(String api, String key, String stream, long from, long to, long bucketMillis) {

    public boolean matches(AnalyticsRecord r) {
        if (r.timestamp() < from || r.timestamp() >= to) return false;
        if (api != null && !api.equals(r.apiId())) return false;
        if (key != null && !key.equals(r.apiKey()) && !key.equals(r.alias())) return false;
        return stream == null || stream.equals(r.stream());
    }

    public long bucketOf(long timestamp) {
        return Math.floorDiv(timestamp, bucketMillis) * bucketMillis;
    }
}
