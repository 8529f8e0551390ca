package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Stream APIs ({@code x-tyk-streaming}); read here, served by the stream-API handlers once they are registered. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamingConfig(@JsonProperty("enabled") boolean enabled) {
}
