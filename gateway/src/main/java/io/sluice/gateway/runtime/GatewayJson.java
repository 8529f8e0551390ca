package io.sluice.gateway.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.core.config.ReadLimits;

/**
 * The one JSON mapper of the gateway: Tyk documents carry fields we do not model, so unknown fields are
 * fine; what it reads is bounded by {@link ReadLimits#DOCUMENTS}.
 */
public final class GatewayJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder(ReadLimits.json(ReadLimits.DOCUMENTS))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private GatewayJson() {
    }
}
