package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Listeners through which clients of other protocols reach the gateway's stream APIs, run by the {@code entrypoints}
 * modules when they are on the class path (as {@code GatewayCompanion}s).
 *
 * @param mqtt  the MQTT 3.1.1 / 5 entrypoint
 * @param kafka the Kafka entrypoint (SASL/PLAIN with the API key as password)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EntrypointsConfig(@JsonProperty("mqtt") Listener mqtt, @JsonProperty("kafka") Listener kafka) {

    /**
     * One entrypoint's listener.
     *
     * @param listenAddress interface to bind; empty for all
     * @param listenPort    0 (the default) turns the entrypoint off
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Listener(@JsonProperty("listen_address") String listenAddress, @JsonProperty("listen_port") int listenPort) {

        public boolean enabled() {
            return listenPort > 0;
        }
    }

    public static EntrypointsConfig defaults() {
        return new EntrypointsConfig(new Listener("", 0), new Listener("", 0));
    }
}
