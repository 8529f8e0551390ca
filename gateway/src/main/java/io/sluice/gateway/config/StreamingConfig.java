package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Stream APIs ({@code x-tyk-streaming}): {@code enabled} (default true) runs the streams of API definitions inside the
 * gateway; false leaves such APIs without their stream endpoints (404), as a gateway without the feature would.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamingConfig(@JsonProperty("enabled") boolean enabled) {
}
