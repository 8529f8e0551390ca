package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.apidef.ReadableDuration;
import io.sluice.gateway.runtime.GatewayJson;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code x-tyk-streaming} object of an API definition:
 * <pre>
 * "x-tyk-streaming": {
 *   "streams": {"&lt;name&gt;": { ...stream config as JSON... } or "...stream config as YAML text..."},
 *   "limits": "messages" | "connections",      (Sluice; default messages)
 *   "idle_timeout": "30s",                     (Sluice; template instances with no connection stop after it)
 *   "max_instances": 1000,                     (Sluice; running instances per template stream)
 *   "retention": 10000,                        (Sluice; messages per output kept in Redis by a cluster hub)
 *   "subscriber_filters": false,               (Sluice; consumers may pass ?filter= and ?fields=)
 *   "schemas": {"&lt;stream&gt;": { JSON Schema }}      (Sluice; payload schema of the stream's messages, for AsyncAPI)
 * }
 * </pre>
 */
record StreamingSection(Map<String, StreamSource> streams, LimitsMode limits, Duration idleTimeout, int maxInstances, int retention,
                        boolean subscriberFilters, Map<String, JsonNode> schemas) {

    static final String EXT = ApiDefinition.STREAMING_EXTENSION;
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_INSTANCES = 1000;
    static final int DEFAULT_RETENTION = 10_000;
    private static final Set<String> FIELDS = Set.of("streams", "limits", "idle_timeout", "max_instances", "retention",
            "subscriber_filters", "schemas");

    /**
     * One stream's config as written in the definition.
     *
     * @param text   the config text handed to the stream parser (a JSON object is pretty-printed, one field per line)
     * @param yaml   true when the definition held YAML text, so line numbers mean something to the author
     * @param field  where it sits in the definition, e.g. {@code x-tyk-streaming.streams.feed}
     */
    record StreamSource(String name, String text, boolean yaml, String field) {

        /** The file name the parser sees: its extension selects the JSON or YAML parser. */
        String parserName() {
            return field + (yaml ? ".yaml" : ".json");
        }
    }

    static StreamingSection parse(JsonNode node) throws InvalidApiDefinitionException {
        if (node == null || !node.isObject()) {
            throw new InvalidApiDefinitionException(EXT, "must be an object with a \"streams\" object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidApiDefinitionException(EXT + "." + name, "unknown field; expected streams, limits, idle_timeout, max_instances, retention, subscriber_filters or schemas");
            }
        }
        JsonNode streamsNode = node.get("streams");
        Map<String, StreamSource> streams = new LinkedHashMap<>();
        if (streamsNode != null && !streamsNode.isNull()) {
            if (!streamsNode.isObject()) {
                throw new InvalidApiDefinitionException(EXT + ".streams", "must be an object of named stream configs");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = streamsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = entry.getKey();
                String field = EXT + ".streams." + name;
                if (name.isBlank()) {
                    throw new InvalidApiDefinitionException(field, "a stream needs a name");
                }
                JsonNode config = entry.getValue();
                if (config.isObject()) {
                    streams.put(name, new StreamSource(name, pretty(config), false, field));
                } else if (config.isTextual()) {
                    streams.put(name, new StreamSource(name, config.asText(), true, field));
                } else {
                    throw new InvalidApiDefinitionException(field, "must be a stream config: a JSON object or YAML text");
                }
            }
        }
        LimitsMode limits = LimitsMode.MESSAGES;
        JsonNode limitsNode = node.get("limits");
        if (limitsNode != null && !limitsNode.isNull()) {
            limits = limitsNode.isTextual() ? LimitsMode.parse(limitsNode.asText()) : null;
            if (limits == null) {
                throw new InvalidApiDefinitionException(EXT + ".limits", "must be \"messages\" or \"connections\", got " + limitsNode);
            }
        }
        Duration idle = DEFAULT_IDLE;
        JsonNode idleNode = node.get("idle_timeout");
        if (idleNode != null && !idleNode.isNull()) {
            try {
                idle = idleNode.isNumber() ? Duration.ofMillis(Math.round(idleNode.asDouble() * 1000)) : ReadableDuration.parse(idleNode.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidApiDefinitionException(EXT + ".idle_timeout", "must be a duration such as \"30s\" or \"2m\", got " + idleNode);
            }
            if (idle.isNegative() || idle.isZero()) {
                throw new InvalidApiDefinitionException(EXT + ".idle_timeout", "must be positive, got " + idleNode);
            }
        }
        int maxInstances = DEFAULT_MAX_INSTANCES;
        JsonNode maxNode = node.get("max_instances");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.canConvertToInt() || maxNode.asInt() < 1) {
                throw new InvalidApiDefinitionException(EXT + ".max_instances", "must be a positive integer, got " + maxNode);
            }
            maxInstances = maxNode.asInt();
        }
        int retention = DEFAULT_RETENTION;
        JsonNode retentionNode = node.get("retention");
        if (retentionNode != null && !retentionNode.isNull()) {
            if (!retentionNode.canConvertToInt() || retentionNode.asInt() < 1) {
                throw new InvalidApiDefinitionException(EXT + ".retention", "must be a positive number of messages, got " + retentionNode);
            }
            retention = retentionNode.asInt();
        }
        boolean filters = false;
        JsonNode filtersNode = node.get("subscriber_filters");
        if (filtersNode != null && !filtersNode.isNull()) {
            if (!filtersNode.isBoolean()) {
                throw new InvalidApiDefinitionException(EXT + ".subscriber_filters", "must be true or false, got " + filtersNode);
            }
            filters = filtersNode.asBoolean();
        }
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        JsonNode schemasNode = node.get("schemas");
        if (schemasNode != null && !schemasNode.isNull()) {
            if (!schemasNode.isObject()) {
                throw new InvalidApiDefinitionException(EXT + ".schemas", "must be an object of JSON Schemas by stream name");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = schemasNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!streams.containsKey(entry.getKey())) {
                    throw new InvalidApiDefinitionException(EXT + ".schemas." + entry.getKey(), "names no stream of this API; streams: " + streams.keySet());
                }
                if (!entry.getValue().isObject() && !entry.getValue().isBoolean()) {
                    throw new InvalidApiDefinitionException(EXT + ".schemas." + entry.getKey(), "must be a JSON Schema (an object), got " + entry.getValue());
                }
                schemas.put(entry.getKey(), entry.getValue());
            }
        }
        return new StreamingSection(Collections.unmodifiableMap(streams), limits, idle, maxInstances, retention,
                filters, Collections.unmodifiableMap(schemas));
    }

    private static String pretty(JsonNode config) {
        try {
            return GatewayJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
