package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An AsyncAPI 3 document becomes a Tyk OAS stream API: one stream per channel served by a Kafka, MQTT, AMQP 0-9-1
 * or NATS server, whose input reads the channel from that broker (address, and the bindings that say more: Kafka
 * topic and group id, MQTT QoS, AMQP queue or exchange, NATS queue group) and whose {@code http_server} output serves
 * it over WebSocket ({@code /<channel>/ws}) and Server-Sent Events ({@code /<channel>/sse}). The channel's message
 * payload schema is kept in {@code x-tyk-streaming.schemas}, so the API's own AsyncAPI document describes the same
 * messages. The result is an ordinary definition: edit it afterwards like any other.
 *
 * <p>Channel parameters ({@code {id}}) become one-level wildcards where the broker has them (MQTT {@code +}, NATS
 * {@code *}); Kafka topics and AMQP queues cannot hold them and are refused. Channels on servers of other protocols
 * are left out; a document with no channel to import is refused.
 */
public final class AsyncApiImport {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> KAFKA = Set.of("kafka", "kafka-secure");
    private static final Set<String> MQTT = Set.of("mqtt", "secure-mqtt", "mqtt5", "mqtts");
    private static final Set<String> AMQP = Set.of("amqp", "amqps");
    private static final Set<String> NATS = Set.of("nats");

    /** What the caller may set: the API id and listen path (generated / from the title when null), keyed or keyless. */
    public record Options(String apiId, String listenPath, boolean authentication) {
    }

    private AsyncApiImport() {
    }

    /** True for documents this importer reads: {@code asyncapi: 3.x}. */
    public static boolean isAsyncApi3(JsonNode document) {
        return document.path("asyncapi").asText("").startsWith("3.");
    }

    /** The Tyk OAS document of the stream API; problems name the AsyncAPI field. */
    public static ObjectNode toApiDocument(JsonNode doc, Options options) throws InvalidApiDefinitionException {
        if (!isAsyncApi3(doc)) {
            throw new InvalidApiDefinitionException("asyncapi", "only AsyncAPI 3.x documents are imported, got '" + doc.path("asyncapi").asText("") + "'");
        }
        String title = doc.path("info").path("title").asText("");
        if (title.isBlank()) throw new InvalidApiDefinitionException("info.title", "is required");
        JsonNode channels = doc.path("channels");
        if (!channels.isObject() || channels.isEmpty()) throw new InvalidApiDefinitionException("channels", "the document has no channels");

        ObjectNode streams = F.objectNode();
        ObjectNode schemas = F.objectNode();
        List<String> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = channels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String field = "channels." + name;
            JsonNode channel = resolve(doc, e.getValue(), field);
            Server server = serverOf(doc, channel, field);
            if (server == null) {
                skipped.add(name);
                continue;
            }
            String address = channel.hasNonNull("address") ? channel.get("address").asText() : name;
            ObjectNode stream = streams.putObject(name);
            stream.set("input", input(doc, server, channel, name, address, field));
            ObjectNode http = stream.putObject("output").putObject("http_server");
            http.put("path", "");
            http.put("stream_path", "/" + name + "/sse");
            http.put("ws_path", "/" + name + "/ws");
            http.put("stream_format", "event_source");
            http.put("ws_message_type", "text");
            JsonNode payload = payloadOf(doc, channel, field);
            if (payload != null) schemas.set(name, payload);
        }
        if (streams.isEmpty()) {
            throw new InvalidApiDefinitionException("channels", "no channel is served by a Kafka, MQTT, AMQP or NATS server (channels " + skipped + ")");
        }

        ObjectNode api = F.objectNode();
        api.put("openapi", "3.0.3");
        ObjectNode info = api.putObject("info");
        info.put("title", title);
        info.put("version", doc.path("info").path("version").asText("1.0.0"));
        String description = doc.path("info").path("description").asText("");
        if (!description.isEmpty()) info.put("description", description);
        api.putObject("paths");
        ObjectNode ext = api.putObject(ApiDefinition.TYK_EXTENSION);
        ObjectNode tykInfo = ext.putObject("info");
        tykInfo.put("name", title);
        if (options.apiId() != null && !options.apiId().isBlank()) tykInfo.put("id", options.apiId());
        tykInfo.putObject("state").put("active", true);
        String listen = options.listenPath() != null && !options.listenPath().isBlank() ? options.listenPath() : "/" + slug(title) + "/";
        ObjectNode server = ext.putObject("server");
        server.putObject("listenPath").put("value", listen).put("strip", true);
        if (options.authentication()) {
            // a key in the Authorization header, or in ?key= for browsers' WebSocket and EventSource, which set no headers
            api.putObject("components").putObject("securitySchemes").putObject("authToken")
                    .put("type", "apiKey").put("in", "header").put("name", "Authorization");
            api.putArray("security").addObject().putArray("authToken");
            ObjectNode scheme = server.putObject("authentication").put("enabled", true)
                    .putObject("securitySchemes").putObject("authToken").put("enabled", true);
            scheme.putObject("header").put("enabled", true).put("name", "Authorization");
            scheme.putObject("query").put("enabled", true).put("name", "key");
        }
        ObjectNode streaming = api.putObject(ApiDefinition.STREAMING_EXTENSION);
        streaming.set("streams", streams);
        if (!schemas.isEmpty()) streaming.set("schemas", schemas);
        return api;
    }

    private record Server(String name, String protocol, String host, JsonNode node) {
    }

    /** The first server of the channel (or of the document, when the channel names none) with a protocol we read. */
    private static Server serverOf(JsonNode doc, JsonNode channel, String field) throws InvalidApiDefinitionException {
        List<Server> candidates = new ArrayList<>();
        if (channel.path("servers").isArray() && !channel.path("servers").isEmpty()) {
            int i = 0;
            for (JsonNode ref : channel.path("servers")) {
                JsonNode s = resolve(doc, ref, field + ".servers." + i++);
                candidates.add(new Server(ref.path("$ref").asText(""), s.path("protocol").asText(""), s.path("host").asText(""), s));
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("servers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = resolve(doc, e.getValue(), "servers." + e.getKey());
                candidates.add(new Server(e.getKey(), s.path("protocol").asText(""), s.path("host").asText(""), s));
            }
        }
        for (Server s : candidates) {
            String p = s.protocol().toLowerCase(Locale.ROOT);
            if (KAFKA.contains(p) || MQTT.contains(p) || AMQP.contains(p) || NATS.contains(p)) {
                if (s.host().isBlank()) throw new InvalidApiDefinitionException(field + ".servers", "server '" + s.name() + "' has no host");
                return new Server(s.name(), p, s.host(), s.node());
            }
        }
        return null;
    }

    private static ObjectNode input(JsonNode doc, Server server, JsonNode channel, String name, String address, String field)
            throws InvalidApiDefinitionException {
        JsonNode channelBindings = channel.path("bindings");
        JsonNode opBindings = operationBindings(doc, channel);
        ObjectNode input = F.objectNode();
        String p = server.protocol();
        if (KAFKA.contains(p)) {
            String topic = channelBindings.path("kafka").path("topic").asText(address);
            noParameters(topic, field, "Kafka topics");
            ObjectNode kafka = input.putObject("kafka");
            for (String host : server.host().split(",")) kafka.withArray("addresses").add(host.trim());
            kafka.putArray("topics").add(topic);
            String group = firstValue(opBindings.path("kafka").path("groupId"));
            kafka.put("consumer_group", group != null ? group : "sluice-" + name);
            if (p.equals("kafka-secure")) kafka.putObject("tls").put("enabled", true);
        } else if (MQTT.contains(p)) {
            ObjectNode mqtt = input.putObject("mqtt");
            boolean tls = p.equals("secure-mqtt") || p.equals("mqtts");
            mqtt.putArray("urls").add((tls ? "ssl://" : "tcp://") + server.host());
            mqtt.putArray("topics").add(address.replaceAll("\\{[^}]*}", "+"));
            JsonNode qos = opBindings.path("mqtt").path("qos");
            if (qos.canConvertToInt()) mqtt.put("qos", qos.asInt());
        } else if (AMQP.contains(p)) {
            ObjectNode amqp = input.putObject("amqp_0_9");
            String url = (p.equals("amqps") ? "amqps://" : "amqp://") + server.host() + "/";
            amqp.putArray("urls").add(url);
            JsonNode binding = channelBindings.path("amqp");
            if (binding.path("is").asText("routingKey").equals("queue")) {
                String queue = binding.path("queue").path("name").asText(address);
                noParameters(queue, field, "AMQP queues");
                amqp.put("queue", queue);
            } else {
                // messages are routed by an exchange: the stream declares a queue of its own bound to the routing key
                noParameters(address, field, "AMQP routing keys");
                String exchange = binding.path("exchange").path("name").asText("");
                amqp.put("queue", "sluice-" + name);
                amqp.putObject("queue_declare").put("enabled", true);
                amqp.putArray("bindings_declare").addObject().put("exchange", exchange).put("key", address);
            }
        } else {
            ObjectNode nats = input.putObject("nats");
            nats.putArray("urls").add("nats://" + server.host());
            nats.put("subject", address.replaceAll("\\{[^}]*}", "*"));
            String queue = opBindings.path("nats").path("queue").asText("");
            if (!queue.isEmpty()) nats.put("queue", queue);
        }
        return input;
    }

    /** The bindings of the first operation on the channel, or a missing node. */
    private static JsonNode operationBindings(JsonNode doc, JsonNode channel) {
        for (JsonNode op : doc.path("operations")) {
            String ref = op.path("channel").path("$ref").asText("");
            JsonNode target;
            try {
                target = resolve(doc, op.path("channel"), "operations");
            } catch (InvalidApiDefinitionException e) {
                continue;
            }
            if (!ref.isEmpty() && target == channel) {
                JsonNode bindings = op.path("bindings");
                try {
                    return resolve(doc, bindings, "operations");
                } catch (InvalidApiDefinitionException e) {
                    return F.missingNode();
                }
            }
        }
        return F.missingNode();
    }

    /** The payload schema of the channel's first message, when written in JSON Schema / AsyncAPI schema. */
    private static JsonNode payloadOf(JsonNode doc, JsonNode channel, String field) throws InvalidApiDefinitionException {
        Iterator<Map.Entry<String, JsonNode>> messages = channel.path("messages").fields();
        if (!messages.hasNext()) return null;
        Map.Entry<String, JsonNode> first = messages.next();
        JsonNode message = resolve(doc, first.getValue(), field + ".messages." + first.getKey());
        JsonNode payload = message.get("payload");
        if (payload == null) return null;
        if (payload.has("schemaFormat")) {
            String format = payload.path("schemaFormat").asText("");
            if (!format.startsWith("application/vnd.aai.asyncapi") && !format.startsWith("application/schema+json")) {
                return null; // Avro, RAML, Protobuf: not a JSON Schema we could show
            }
            payload = payload.path("schema");
        }
        return inline(doc, payload, field + ".messages." + first.getKey() + ".payload", 0);
    }

    /** A copy of the schema with local references replaced by what they point at (bounded, so cycles end). */
    private static JsonNode inline(JsonNode doc, JsonNode node, String field, int depth) throws InvalidApiDefinitionException {
        if (depth > 32) return F.objectNode();
        JsonNode resolved = resolve(doc, node, field);
        if (resolved.isObject()) {
            ObjectNode copy = F.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = resolved.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), inline(doc, e.getValue(), field + "." + e.getKey(), depth + 1));
            }
            return copy;
        }
        if (resolved.isArray()) {
            ArrayNode copy = F.arrayNode();
            for (JsonNode item : resolved) copy.add(inline(doc, item, field, depth + 1));
            return copy;
        }
        return resolved;
    }

    /** Follows a local {@code $ref} ({@code #/components/...}); other nodes are returned as they are. */
    static JsonNode resolve(JsonNode doc, JsonNode node, String field) throws InvalidApiDefinitionException {
        JsonNode current = node;
        for (int hops = 0; current != null && current.isObject() && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText("");
            if (!ref.startsWith("#/") || hops > 16) {
                throw new InvalidApiDefinitionException(field + ".$ref", "only local references (#/...) are followed, got '" + ref + "'");
            }
            JsonNode target;
            try {
                target = doc.at(ref.substring(1));
            } catch (IllegalArgumentException e) {
                throw new InvalidApiDefinitionException(field + ".$ref", "'" + ref + "' is not a JSON pointer");
            }
            if (target.isMissingNode()) {
                throw new InvalidApiDefinitionException(field + ".$ref", "'" + ref + "' points at nothing in the document");
            }
            current = target;
        }
        return current == null ? F.missingNode() : current;
    }

    private static void noParameters(String name, String field, String what) throws InvalidApiDefinitionException {
        if (name.contains("{")) {
            throw new InvalidApiDefinitionException(field + ".address", what + " cannot hold channel parameters: '" + name + "'");
        }
    }

    /** A binding value written as a schema ({@code const}, {@code enum}, {@code default}) or as a plain string. */
    private static String firstValue(JsonNode schema) {
        if (schema.isTextual()) return schema.asText();
        if (schema.has("const")) return schema.get("const").asText();
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) return schema.path("enum").get(0).asText();
        if (schema.has("default")) return schema.get("default").asText();
        return null;
    }

    private static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "asyncapi" : s;
    }
}
