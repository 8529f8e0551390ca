package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Password of a basic-auth key; {@code hash_type} is "bcrypt" once stored, "" for a plain password on input. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BasicAuthData(@JsonProperty("password") String password, @JsonProperty("hash_type") String hashType) {
    public BasicAuthData {
        password = password == null ? "" : password;
        hashType = hashType == null ? "" : hashType;
    }
}
