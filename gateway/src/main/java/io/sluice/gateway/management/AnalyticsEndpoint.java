package io.sluice.gateway.management;

import io.sluice.core.spec.Durations;
import io.sluice.gateway.analytics.AnalyticsBucket;
import io.sluice.gateway.analytics.AnalyticsQuery;
import io.sluice.gateway.observe.AnalyticsWriter;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /tyk/analytics?api=&key=&stream=&from=&to=&bucket=1m}: the analytics records of a time range counted in
 * buckets: requests and delivered batches, errors (status 400 and above), messages, bytes, and request-time
 * percentiles in milliseconds. {@code from}/{@code to} are RFC 3339 times or epoch milliseconds (default: the last
 * hour); {@code key} is a key's alias or hash. 404 when {@code enable_analytics} is off.
 */
final class AnalyticsEndpoint {

    static final int MAX_BUCKETS = 10_000;

    private final Supplier<AnalyticsWriter> analytics;
    private final BlockingWork blocking;

    AnalyticsEndpoint(Supplier<AnalyticsWriter> analytics, BlockingWork blocking) {
        this.analytics = analytics;
        this.blocking = blocking;
    }

    void get(RoutingContext ctx) {
        AnalyticsWriter writer = analytics.get();
        if (writer == null) {
            Replies.error(ctx, 404, "analytics are off: set enable_analytics to true in the gateway config");
            return;
        }
        AnalyticsQuery query;
        Duration bucket;
        try {
            long to = time(ctx.request().getParam("to"), System.currentTimeMillis());
            long from = time(ctx.request().getParam("from"), to - 3_600_000);
            bucket = Durations.parse(ctx.request().getParam("bucket", "1m"));
            if (bucket.toMillis() < 1000) throw new IllegalArgumentException("bucket must be at least 1s");
            if (to <= from) throw new IllegalArgumentException("to must be after from");
            if ((to - from) / bucket.toMillis() > MAX_BUCKETS) {
                throw new IllegalArgumentException("at most " + MAX_BUCKETS + " buckets: choose a larger bucket or a shorter range");
            }
            query = new AnalyticsQuery(blankToNull(ctx.request().getParam("api")), blankToNull(ctx.request().getParam("key")),
                    blankToNull(ctx.request().getParam("stream")), from, to, bucket.toMillis());
        } catch (RuntimeException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        blocking.submit(() -> writer.query(query)).onComplete(result -> {
            if (result.failed()) {
                Replies.error(ctx, 503, "cannot read analytics: " + result.cause().getMessage());
                return;
            }
            List<AnalyticsBucket> buckets = result.result();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", Instant.ofEpochMilli(query.from()).toString());
            body.put("to", Instant.ofEpochMilli(query.to()).toString());
            body.put("bucket", Durations.format(bucket));
            body.put("api", query.api());
            body.put("key", query.key());
            body.put("stream", query.stream());
            body.put("count", buckets.stream().mapToLong(AnalyticsBucket::count).sum());
            body.put("errors", buckets.stream().mapToLong(AnalyticsBucket::errors).sum());
            body.put("messages", buckets.stream().mapToLong(AnalyticsBucket::messages).sum());
            body.put("buckets", buckets);
            Replies.json(ctx, 200, body);
        });
    }

    private static long time(String value, long fallback) {
        if (value == null || value.isBlank()) return fallback;
        if (value.chars().allMatch(Character::isDigit)) return Long.parseLong(value);
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a time: use RFC 3339 (2026-01-31T12:00:00Z) or epoch milliseconds");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
