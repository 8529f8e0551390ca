package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Stream APIs ({@code x-tyk-streaming}): {@code enabled} (default true) runs the streams of API definitions inside the
 * gateway; false leaves such APIs without their stream endpoints (404), as a gateway without the feature would.
 *
 * @param allowUnsafe    the components and Bloblang functions that reach the gateway host (files, sockets, processes,
 *                       environment) which API streams may use anyway; by default they are refused
 * @param hub            where the messages of {@code http_server} outputs meet their consumers: {@code memory} (this
 *                       node only) or {@code redis} (every node of a cluster, through Redis Streams on the storage's
 *                       Redis); empty chooses {@code redis} when {@code storage.type} is {@code redis}
 * @param leaseTtl       seconds a singleton stream's lease lasts without renewal: another node takes the stream over
 *                       this long after its node died (renewed every quarter of it)
 * @param redisLostAfter seconds without an answer from Redis after which a cluster node closes its consumers (they
 *                       resume on another node) and stops its streams (their brokers give the work to the others)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamingConfig(
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("allow_unsafe") List<String> allowUnsafe,
        @JsonProperty("hub") String hub,
        @JsonProperty("lease_ttl") double leaseTtl,
        @JsonProperty("redis_lost_after") double redisLostAfter) {

    public StreamingConfig {
        allowUnsafe = allowUnsafe == null ? List.of() : List.copyOf(allowUnsafe);
    }

    public StreamingConfig(boolean enabled) {
        this(enabled, List.of());
    }

    public StreamingConfig(boolean enabled, List<String> allowUnsafe) {
        this(enabled, allowUnsafe, "", 2.0, 3.0);
    }

    /** {@code memory} or {@code redis}, after applying the default. */
    @JsonIgnore
    public String hubType(StorageConfig storage) {
        String chosen = hub == null ? "" : hub.trim().toLowerCase(Locale.ROOT);
        if (chosen.isEmpty()) return "redis".equalsIgnoreCase(storage.type()) ? "redis" : "memory";
        if (!chosen.equals("memory") && !chosen.equals("redis")) {
            throw new GatewayConfigException("streaming.hub: must be memory or redis, got '" + hub + "'");
        }
        if (chosen.equals("redis") && !"redis".equalsIgnoreCase(storage.type())) {
            throw new GatewayConfigException("streaming.hub: redis needs storage.type redis (the hub uses the storage's Redis)");
        }
        return chosen;
    }

    @JsonIgnore
    public Duration leaseTtlDuration() {
        return Duration.ofMillis(Math.max(200, Math.round(leaseTtl * 1000)));
    }

    @JsonIgnore
    public Duration redisLostAfterDuration() {
        return Duration.ofMillis(Math.max(100, Math.round(redisLostAfter * 1000)));
    }

    public StreamingConfig withHub(String newHub) {
        return new StreamingConfig(enabled, allowUnsafe, newHub, leaseTtl, redisLostAfter);
    }

    public StreamingConfig withLeaseTtl(double seconds) {
        return new StreamingConfig(enabled, allowUnsafe, hub, seconds, redisLostAfter);
    }

    public StreamingConfig withRedisLostAfter(double seconds) {
        return new StreamingConfig(enabled, allowUnsafe, hub, leaseTtl, seconds);
    }
}
