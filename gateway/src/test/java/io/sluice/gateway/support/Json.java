package io.sluice.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.runtime.GatewayJson;

public final class Json {
    private Json() {
    }

    public static JsonNode read(String json) {
        try {
            return GatewayJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
