package io.sluice.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One time bucket of {@code /tyk/analytics}: counts, errors, messages, bytes and request-time percentiles (ms). */
public record AnalyticsBucket(
        @JsonProperty("start") String start,
        @JsonProperty("count") long count,
        @JsonProperty("errors") long errors,
        @JsonProperty("messages") long messages,
        @JsonProperty("bytes_in") long bytesIn,
        @JsonProperty("bytes_out") long bytesOut,
        @JsonProperty("latency_avg") double latencyAvg,
        @JsonProperty("latency_p50") double latencyP50,
        @JsonProperty("latency_p95") double latencyP95,
        @JsonProperty("latency_p99") double latencyP99) {

    /** Sums and percentiles (nearest rank) of the records of one bucket. */
    public static AnalyticsBucket of(long start, List<AnalyticsRecord> records) {
        double[] latency = records.stream().mapToDouble(AnalyticsRecord::requestTime).sorted().toArray();
        long errors = records.stream().filter(AnalyticsRecord::error).count();
        long messages = records.stream().mapToLong(AnalyticsRecord::messages).sum();
        long in = records.stream().mapToLong(AnalyticsRecord::bytesIn).sum();
        long out = records.stream().mapToLong(AnalyticsRecord::bytesOut).sum();
        return new AnalyticsBucket(Instant.ofEpochMilli(start).toString(), records.size(), errors, messages, in, out,
                round(Arrays.stream(latency).average().orElse(0)), round(rank(latency, 0.50)), round(rank(latency, 0.95)), round(rank(latency, 0.99)));
    }

    static double rank(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
