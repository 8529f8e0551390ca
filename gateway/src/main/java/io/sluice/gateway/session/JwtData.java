package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Per-key JWT secret, used when a token's {@code kid} names a key (Tyk's {@code jwt_data}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JwtData(@JsonProperty("secret") String secret) {
    public JwtData {
        secret = secret == null ? "" : secret;
    }
}
