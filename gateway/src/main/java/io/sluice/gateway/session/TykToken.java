package io.sluice.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.runtime.GatewayJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Tyk's two key formats, so keys move between Tyk and Sluice on one Redis. A legacy key is the org id followed by the
 * key id. A key generated while {@code hash_key_function} is set is standard base64 of
 * {@code {"org":"<org id>","id":"<key id>","h":"<function>"}}, written exactly so (no escaping, no spaces): the
 * function it names is the one its hash is stored under, whatever the gateway's current setting.
 */
public final class TykToken {

    /** What <code>{"</code> looks like in base64: only such keys are read as JSON. */
    private static final String JSON_PREFIX = "ey";
    /** Tyk's org ids are MongoDB object ids; a legacy key longer than that starts with one. */
    private static final int ORG_ID_LENGTH = 24;

    private TykToken() {
    }

    /**
     * The key for {@code keyId} in {@code orgId}: legacy when {@code function} is null, else the base64 JSON form.
     * A key id that already starts with the org id is not prefixed twice.
     */
    public static String generate(String orgId, String keyId, KeyHashFunction function) {
        String org = orgId == null ? "" : orgId;
        String id = !org.isEmpty() && keyId.startsWith(org) ? keyId.substring(org.length()) : keyId;
        if (function == null) {
            return org + id;
        }
        String json = "{\"org\":\"" + org + "\",\"id\":\"" + id + "\",\"h\":\"" + function.configName() + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The function a key is stored under: the one its JSON form names, MurmurHash3 32-bit for any other key. */
    public static KeyHashFunction hashFunctionOf(String token) {
        JsonNode json = json(token);
        if (json == null) {
            return KeyHashFunction.MURMUR32;
        }
        return KeyHashFunction.named(json.path("h").asText("")).orElse(KeyHashFunction.MURMUR32);
    }

    /** The org a key belongs to: the JSON form's {@code org}, else the first 24 characters of a longer key, else "". */
    public static String orgOf(String token) {
        JsonNode json = json(token);
        if (json != null && json.path("org").isTextual()) {
            return json.path("org").asText();
        }
        return token.length() > ORG_ID_LENGTH ? token.substring(0, ORG_ID_LENGTH) : "";
    }

    /** The JSON form's decoded object, or null for a legacy key (also one that happens to start with "ey"). */
    private static JsonNode json(String token) {
        if (token == null || !token.startsWith(JSON_PREFIX) || token.length() % 4 != 0) {
            return null;
        }
        try {
            JsonNode node = GatewayJson.MAPPER.readTree(Base64.getDecoder().decode(token));
            return node != null && node.isObject() ? node : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
