package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.config.ConfigNode;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.CredentialSource;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.runtime.GatewayJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The AsyncAPI 3.0 document of a stream API. The document describes the gateway as the application: a consumer
 * endpoint of an {@code http_server} output is an operation the gateway {@code send}s on, a WebSocket or POST endpoint
 * of an {@code http_server} input one it {@code receive}s on.
 *
 * <ul>
 *   <li>servers: {@code ws} (WebSocket) and {@code http} (SSE, GET, POST) at the address the caller reached the
 *       gateway on, with the API's listen path as {@code pathname}, plus one per native entrypoint when it serves the
 *       API;</li>
 *   <li>channels: one per endpoint path ({@code <stream>_ws}, {@code _sse}, {@code _get}, {@code _publish},
 *       {@code _publish_ws}), with WebSocket / HTTP bindings naming the method and the query parameters the gateway
 *       reads (the key, {@code last_event_id}, and {@code filter}/{@code fields} where the API allows them);</li>
 *   <li>security schemes from the API's authentication methods, one per place a credential is read;</li>
 *   <li>payloads: declared ({@code x-tyk-streaming.schemas.<stream>}), else the schema of the stream's last
 *       {@code json_schema} processor, else inferred from the stream's recent messages (marked as inferred).</li>
 * </ul>
 */
final class AsyncApiGenerator {

    static final String VERSION = "3.0.0";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Where the document says the gateway is. */
    record Address(String host, boolean secure) {
    }

    /** A native (non-HTTP) entrypoint that serves the API, e.g. MQTT: a server of its own in the document. */
    record Entrypoint(String name, String protocol, String host, String protocolVersion, String description, String securityType) {
    }

    private AsyncApiGenerator() {
    }

    /**
     * @param samples recent message texts of a (non-template) stream by stream name; empty when none were sampled
     */
    static ObjectNode generate(ApiDefinition api, StreamingSection section, List<StreamConfigs.Prepared> streams,
                               Function<String, List<String>> samples, Address address, List<Entrypoint> entrypoints) {
        ObjectNode doc = F.objectNode();
        doc.put("asyncapi", VERSION);
        ObjectNode info = doc.putObject("info");
        info.put("title", api.name().isEmpty() ? api.id() : api.name());
        String version = api.document().path("info").path("version").asText("");
        info.put("version", version.isEmpty() ? "1.0.0" : version);
        String description = api.document().path("info").path("description").asText("");
        info.put("description", description.isEmpty()
                ? "Streams of the API '" + api.id() + "' served by the Sluice gateway." : description);
        doc.put("defaultContentType", "application/json");

        ObjectNode components = F.objectNode();
        List<String> schemeNames = securitySchemes(api, components.putObject("securitySchemes"));

        String base = api.listenPath().base();
        ObjectNode servers = doc.putObject("servers");
        ObjectNode ws = servers.putObject("ws");
        ws.put("host", address.host());
        ws.put("protocol", address.secure() ? "wss" : "ws");
        if (!base.isEmpty()) ws.put("pathname", base);
        ws.put("description", "WebSocket endpoints of the gateway.");
        ObjectNode http = servers.putObject("http");
        http.put("host", address.host());
        http.put("protocol", address.secure() ? "https" : "http");
        if (!base.isEmpty()) http.put("pathname", base);
        http.put("description", "Server-Sent Events, GET and POST endpoints of the gateway.");
        for (String scheme : schemeNames) {
            ws.withArray("security").addObject().put("$ref", "#/components/securitySchemes/" + scheme);
            http.withArray("security").addObject().put("$ref", "#/components/securitySchemes/" + scheme);
        }
        for (Entrypoint e : entrypoints) {
            ObjectNode s = servers.putObject(e.name());
            s.put("host", e.host());
            s.put("protocol", e.protocol());
            if (e.protocolVersion() != null) s.put("protocolVersion", e.protocolVersion());
            s.put("description", e.description());
            if (api.authentication().enabled()) {
                String name = e.name() + "_key";
                ObjectNode scheme = components.withObject("securitySchemes").putObject(name);
                scheme.put("type", e.securityType());
                scheme.put("description", e.securityType().equals("plain")
                        ? "SASL/PLAIN: any user name, the API key as password."
                        : "The API key as user name or as password (a JWT as password where the API accepts JWTs).");
                s.withArray("security").addObject().put("$ref", "#/components/securitySchemes/" + name);
            }
        }

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = components.putObject("messages");
        boolean filters = section.subscriberFilters();
        for (StreamConfigs.Prepared stream : streams) {
            String name = stream.source().name();
            String id = identifier(name);
            boolean consumes = false;
            boolean publishes = false;
            for (StreamPaths.Endpoint endpoint : stream.endpoints()) {
                String field = endpoint.field().substring(endpoint.field().lastIndexOf('.') + 1);
                boolean out = endpoint.role() == StreamPaths.Role.CONSUMER;
                String kind = out ? switch (field) {
                    case "ws_path" -> "ws";
                    case "stream_path" -> "sse";
                    default -> "get";
                } : endpoint.role() == StreamPaths.Role.PUBLISHER_WS ? "publish_ws" : "publish";
                String channelId = unique(channels, id + "_" + kind);
                String messageId = id + (out ? "_out" : "_in");
                consumes |= out;
                publishes |= !out;
                ObjectNode channel = channels.putObject(channelId);
                channel.put("address", endpoint.path());
                channel.put("title", (out ? "Messages of stream " : "Messages into stream ") + name);
                channel.put("description", describe(kind));
                boolean overWs = kind.equals("ws") || kind.equals("publish_ws");
                channel.putArray("servers").addObject().put("$ref", "#/servers/" + (overWs ? "ws" : "http"));
                channel.putObject("messages").putObject("message").put("$ref", "#/components/messages/" + messageId);
                channel.put("x-sluice-stream", name);
                ObjectNode query = queryParameters(api, out, kind, filters);
                if (overWs) {
                    ObjectNode binding = channel.putObject("bindings").putObject("ws");
                    binding.put("method", "GET");
                    if (query != null) binding.set("query", query);
                    binding.put("bindingVersion", "0.1.0");
                }
                ObjectNode operation = operations.putObject((out ? "send_" : "receive_") + channelId);
                operation.put("action", out ? "send" : "receive");
                operation.putObject("channel").put("$ref", "#/channels/" + channelId);
                operation.put("summary", out ? "The gateway sends the stream's messages to clients of " + endpoint.path()
                        : "The gateway receives messages for the stream at " + endpoint.path());
                operation.putArray("messages").addObject().put("$ref", "#/channels/" + channelId + "/messages/message");
                if (!overWs) {
                    ObjectNode binding = operation.putObject("bindings").putObject("http");
                    binding.put("method", out ? "GET" : "POST");
                    if (query != null) binding.set("query", query);
                    binding.put("bindingVersion", "0.3.0");
                }
            }
            if (consumes) messages.set(id + "_out", message(section, stream, true, samples.apply(name)));
            if (publishes) messages.set(id + "_in", message(section, stream, false, List.of()));
        }
        doc.set("components", components);
        return doc;
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "ws" -> "A WebSocket: one frame per message.";
            case "sse" -> "Server-Sent Events (with Accept: text/event-stream, else one message per line): one event per message, resumable with Last-Event-ID.";
            case "get" -> "A GET answered with the next message.";
            case "publish_ws" -> "A WebSocket: each frame sent is one message into the stream.";
            default -> "A POST: its body is one message into the stream.";
        };
    }

    /** The query parameters an endpoint reads, as a binding's {@code query} schema; null when it reads none. */
    private static ObjectNode queryParameters(ApiDefinition api, boolean consumer, String kind, boolean filters) {
        ObjectNode properties = F.objectNode();
        for (SecurityScheme scheme : api.authentication().enabled() ? api.authentication().schemes() : List.<SecurityScheme>of()) {
            for (CredentialSource source : scheme.sources()) {
                if (source.where() == CredentialSource.Where.QUERY) {
                    properties.putObject(source.name()).put("type", "string").put("description", "The credential of " + scheme.name() + ".");
                }
            }
        }
        if (consumer && !kind.equals("get")) {
            properties.putObject("last_event_id").put("type", "integer").put("minimum", 0)
                    .put("description", "Resume after this message id (messages still retained are replayed).");
        }
        if (consumer && filters) {
            properties.putObject("filter").put("type", "string")
                    .put("description", "A Bloblang predicate: only messages for which it is true are delivered to this connection.");
            properties.putObject("fields").put("type", "string")
                    .put("description", "Comma-separated top-level fields: each delivered message is cut down to them.");
        }
        if (properties.isEmpty()) return null;
        ObjectNode schema = F.objectNode();
        schema.put("type", "object");
        schema.set("properties", properties);
        return schema;
    }

    private static ObjectNode message(StreamingSection section, StreamConfigs.Prepared stream, boolean out, List<String> samples) {
        String name = stream.source().name();
        ObjectNode message = F.objectNode();
        message.put("name", identifier(name) + (out ? "_out" : "_in"));
        message.put("title", (out ? "A message of stream " : "A message into stream ") + name);
        message.put("contentType", "application/json");
        JsonNode declared = out ? section.schemas().get(name) : null;
        JsonNode fromProcessor = declared == null ? jsonSchemaProcessor(stream.tree(), out) : null;
        if (declared != null) {
            message.set("payload", declared.deepCopy());
            message.put("summary", "Payload schema declared in x-tyk-streaming.schemas.");
        } else if (fromProcessor != null) {
            message.set("payload", fromProcessor);
            message.put("summary", "Payload schema of the stream's json_schema processor.");
        } else {
            List<JsonNode> parsed = new ArrayList<>();
            for (String text : samples) {
                try {
                    parsed.add(GatewayJson.MAPPER.readTree(text));
                } catch (Exception notJson) {
                    // cut samples and non-JSON payloads are not evidence of the shape
                }
            }
            ObjectNode inferred = SchemaInference.infer(parsed);
            if (inferred != null) {
                message.set("payload", inferred);
                message.put("summary", "Payload schema inferred from " + parsed.size() + " recent message(s); no schema is declared.");
                message.put("x-sluice-inferred", true);
                ArrayNode examples = message.putArray("examples");
                examples.addObject().put("name", "recent").set("payload", parsed.getLast());
            } else {
                message.put("summary", "No payload schema is declared and no recent message was seen to infer one from.");
            }
        }
        return message;
    }

    /**
     * The schema of the last {@code json_schema} processor that sees the messages: of the pipeline or the output for
     * what consumers receive, of the input for what publishers send. Only inline schemas ({@code schema}); a
     * {@code schema_path} file is not read from here.
     */
    static JsonNode jsonSchemaProcessor(ConfigNode tree, boolean out) {
        if (!(tree instanceof ConfigNode.MapNode root)) return null;
        List<ConfigNode> where = out ? List.of(nodeOr(root, "pipeline"), nodeOr(root, "output")) : List.of(nodeOr(root, "input"));
        JsonNode found = null;
        for (ConfigNode node : where) {
            JsonNode last = lastSchema(node);
            if (last != null) found = last;
        }
        return found;
    }

    private static ConfigNode nodeOr(ConfigNode.MapNode root, String key) {
        ConfigNode n = root.get(key);
        return n == null ? new ConfigNode.ListNode(root.pos(), List.of()) : n;
    }

    private static JsonNode lastSchema(ConfigNode node) {
        JsonNode found = null;
        if (node instanceof ConfigNode.MapNode map) {
            for (ConfigNode.Entry e : map.entries().values()) {
                if (e.key().equals("json_schema") && e.value() instanceof ConfigNode.MapNode js
                        && js.get("schema") instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
                    try {
                        JsonNode schema = GatewayJson.MAPPER.readTree(text);
                        if (schema.isObject()) found = schema;
                    } catch (Exception invalid) {
                        // the processor refuses it when the stream is built; nothing to describe
                    }
                } else {
                    JsonNode inner = lastSchema(e.value());
                    if (inner != null) found = inner;
                }
            }
        } else if (node instanceof ConfigNode.ListNode list) {
            for (ConfigNode item : list.items()) {
                JsonNode inner = lastSchema(item);
                if (inner != null) found = inner;
            }
        }
        return found;
    }

    /** One AsyncAPI security scheme per place each of the API's methods reads a credential; returns their names. */
    private static List<String> securitySchemes(ApiDefinition api, ObjectNode into) {
        List<String> names = new ArrayList<>();
        if (!api.authentication().enabled()) return names;
        for (SecurityScheme scheme : api.authentication().schemes()) {
            Map<String, ObjectNode> made = new LinkedHashMap<>();
            switch (scheme) {
                case SecurityScheme.CertificateAuth c -> made.put(identifier(c.name()), object("type", "X509",
                        "description", "The client certificate of the TLS connection is the credential."));
                case SecurityScheme.Basic b -> made.put(identifier(b.name()), object("type", "http", "scheme", "basic",
                        "description", "HTTP basic: the user name is the key id, the password the key's password."));
                default -> {
                    boolean bearer = scheme instanceof SecurityScheme.Jwt || scheme instanceof SecurityScheme.ExternalOAuth;
                    for (CredentialSource source : scheme.sources()) {
                        String n = identifier(scheme.name() + "_" + source.where().name().toLowerCase(Locale.ROOT));
                        if (bearer && source.where() == CredentialSource.Where.HEADER && source.name().equalsIgnoreCase("Authorization")) {
                            ObjectNode s = object("type", "http", "scheme", "bearer", "description", "A bearer token in the Authorization header.");
                            if (scheme instanceof SecurityScheme.Jwt) s.put("bearerFormat", "JWT");
                            made.put(n, s);
                        } else {
                            made.put(n, object("type", "httpApiKey", "name", source.name(),
                                    "in", source.where().name().toLowerCase(Locale.ROOT),
                                    "description", (scheme instanceof SecurityScheme.Hmac ? "An HMAC request signature" : "The API key")
                                            + " in the " + source.where().name().toLowerCase(Locale.ROOT) + " '" + source.name() + "'."));
                        }
                    }
                }
            }
            made.forEach((n, s) -> {
                into.set(n, s);
                names.add(n);
            });
        }
        return names;
    }

    private static ObjectNode object(String... pairs) {
        ObjectNode o = F.objectNode();
        for (int i = 0; i + 1 < pairs.length; i += 2) o.put(pairs[i], pairs[i + 1]);
        return o;
    }

    /** Keys of AsyncAPI maps allow letters, digits, {@code _} and {@code -}. */
    static String identifier(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_\\-]", "_");
        return s.isEmpty() ? "_" : s;
    }

    private static String unique(ObjectNode map, String key) {
        String k = key;
        for (int i = 2; map.has(k); i++) k = key + "_" + i;
        return k;
    }
}
