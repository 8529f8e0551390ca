package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Stream APIs ({@code x-tyk-streaming}): {@code enabled} (default true) runs the streams of API definitions inside the
 * gateway; false leaves such APIs without their stream endpoints (404), as a gateway without the feature would.
 * {@code allow_unsafe} names the components and Bloblang functions that reach the gateway host (files, sockets,
 * processes, environment) which API streams may use anyway; by default they are refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamingConfig(@JsonProperty("enabled") boolean enabled,
                              @JsonProperty("allow_unsafe") List<String> allowUnsafe) {

    public StreamingConfig {
        allowUnsafe = allowUnsafe == null ? List.of() : List.copyOf(allowUnsafe);
    }

    public StreamingConfig(boolean enabled) {
        this(enabled, List.of());
    }
}
