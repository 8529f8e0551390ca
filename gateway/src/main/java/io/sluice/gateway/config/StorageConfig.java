package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where keys, policies and counters live: {@code memory} (one node) or {@code redis} (shared by all nodes). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageConfig(
        @JsonProperty("type") String type,
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("database") int database,
        @JsonProperty("use_ssl") boolean useSsl,
        @JsonProperty("timeout") int timeout,
        @JsonProperty("key_prefix") String keyPrefix) {

    public static StorageConfig memory() {
        return new StorageConfig("memory", "localhost", 6379, "", "", 0, false, 5, "");
    }

    public static StorageConfig redis(String host, int port) {
        return new StorageConfig("redis", host, port, "", "", 0, false, 5, "");
    }

    public StorageConfig withKeyPrefix(String prefix) {
        return new StorageConfig(type, host, port, username, password, database, useSsl, timeout, prefix);
    }

    @JsonIgnore
    public long timeoutMillis() {
        return Math.max(1, timeout) * 1000L;
    }
}
