package io.sluice.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One analytics record, named after Tyk's where Tyk has the field: one per REST request, one per batch delivered to a
 * stream consumer. {@code api_key} is the key's stored hash (or a hash of it), never the key itself.
 *
 * @param timestamp     epoch milliseconds when the request ended or the batch was written
 * @param kind          {@code rest}, or the consumer's connection: {@code websocket}, {@code sse}, {@code stream}, {@code get}
 * @param requestTime   milliseconds from the request's arrival to the end of its response; 0 for deliveries
 * @param upstreamTime  milliseconds the upstream took to answer; -1 when there was no upstream call
 * @param messages      messages in a delivered batch; 0 for REST requests
 * @param ipAddress     the client's address (a proxy's {@code X-Real-IP} or {@code X-Forwarded-For}, else the peer); REST only
 * @param geo           where the client is, when {@code analytics_config.enable_geo_ip} is on and the database knows the address
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalyticsRecord(
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("api_id") String apiId,
        @JsonProperty("api_name") String apiName,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("alias") String alias,
        @JsonProperty("method") String method,
        @JsonProperty("path") String path,
        @JsonProperty("response_code") int responseCode,
        @JsonProperty("request_time") double requestTime,
        @JsonProperty("upstream_time") double upstreamTime,
        @JsonProperty("bytes_in") long bytesIn,
        @JsonProperty("bytes_out") long bytesOut,
        @JsonProperty("stream") String stream,
        @JsonProperty("kind") String kind,
        @JsonProperty("messages") int messages,
        @JsonProperty("ip_address") String ipAddress,
        @JsonProperty("geo") GeoData geo) {

    /** The same record with its geo. */
    public AnalyticsRecord withGeo(GeoData where) {
        return new AnalyticsRecord(timestamp, apiId, apiName, orgId, apiKey, alias, method, path, responseCode, requestTime,
                upstreamTime, bytesIn, bytesOut, stream, kind, messages, ipAddress, where);
    }

    /** The key label used for filtering: the alias when there is one, else the key hash. */
    public String keyLabel() {
        return alias != null && !alias.isEmpty() ? alias : apiKey;
    }

    public boolean error() {
        return responseCode >= 400;
    }
}
