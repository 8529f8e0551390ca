package io.sluice.console.apis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.gateway.apidef.ApiDefinition;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Between the dashboard's API form and Tyk OAS documents: builds a new document from the form, applies the form to an
 * existing document (keeping everything the form does not show), and reads a document back into the form. A stream
 * API keeps its one stream as YAML text under {@code x-tyk-streaming.streams}, so lint positions are positions in the
 * text the user typed.
 */
public final class ApiDocuments {

    public static final String EXT = ApiDefinition.TYK_EXTENSION;
    public static final String STREAMING = "x-tyk-streaming";
    static final String DEFAULT_STREAM = "default";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How clients authenticate; {@code CUSTOM} is anything the form does not model, left as it is. */
    public enum AuthType {
        API_KEY, JWT, BASIC, HMAC, OAUTH2, NONE, CUSTOM;

        static AuthType parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                return API_KEY;
            }
        }
    }

    /** What the API details page edits. */
    public record Form(String name, String listenPath, String streamYaml, String upstreamUrl, AuthType auth, String jwtSource,
                String jwtSigningMethod, boolean active, boolean internal) {

        public static Form from(JsonNode body) {
            JsonNode auth = body.path("authentication");
            return new Form(body.path("name").asText("").trim(), body.path("listen_path").asText("").trim(),
                    body.hasNonNull("yaml") ? body.path("yaml").asText() : null,
                    body.path("upstream_url").asText("").trim(),
                    AuthType.parse(auth.path("type").asText("api_key")),
                    auth.path("jwt_source").asText("").trim(), auth.path("jwt_signing_method").asText("hmac").trim(),
                    body.path("active").asBoolean(true), body.path("internal").asBoolean(false));
        }

        /** What is missing, or null. */
        public String problem() {
            if (name.isEmpty()) {
                return "name: an API name is required";
            }
            if (streamYaml == null && upstreamUrl.isEmpty()) {
                return "yaml: a stream API needs its stream (or give an upstream URL for a REST API)";
            }
            if ((auth == AuthType.JWT || auth == AuthType.OAUTH2) && jwtSource.isEmpty()) {
                return "authentication.jwt_source: JWT and OAuth2 need the key, secret or JWKS URL that tokens are checked with";
            }
            return null;
        }
    }

    private ApiDocuments() {
    }

    /** A fresh id: the name as a slug and six hex digits, e.g. {@code trades-3f9a1c}. */
    public static String newId(String name) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        String slug = slug(name);
        return (slug.isEmpty() ? "api" : slug) + "-" + HexFormat.of().formatHex(random);
    }

    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.length() > 40 ? slug.substring(0, 40) : slug;
    }

    static String defaultListenPath(String name) {
        String slug = slug(name);
        return "/" + (slug.isEmpty() ? "api" : slug) + "/";
    }

    /** A new Tyk OAS document for the form. */
    public static ObjectNode create(String id, Form form) {
        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", form.name()).put("version", "1.0.0");
        doc.putObject("paths");
        ObjectNode ext = doc.putObject(EXT);
        ext.putObject("info").put("id", id).put("name", form.name());
        apply(doc, form);
        return doc;
    }

    /** Applies the form to a document in place; authentication is left alone when the form says CUSTOM. */
    public static void apply(ObjectNode doc, Form form) {
        doc.withObjectProperty("info").put("title", form.name());
        ObjectNode ext = doc.withObjectProperty(EXT);
        ObjectNode info = ext.withObjectProperty("info");
        info.put("name", form.name());
        info.withObjectProperty("state").put("active", form.active()).put("internal", form.internal());
        ObjectNode server = ext.withObjectProperty("server");
        String listenPath = form.listenPath().isEmpty() ? defaultListenPath(form.name()) : form.listenPath();
        server.withObjectProperty("listenPath").put("value", listenPath).put("strip", true);
        if (!form.upstreamUrl().isEmpty()) {
            ext.withObjectProperty("upstream").put("url", form.upstreamUrl());
        }
        if (form.streamYaml() != null) {
            ObjectNode streams = doc.withObjectProperty(STREAMING).withObjectProperty("streams");
            String name = streams.size() == 1 ? streams.fieldNames().next() : DEFAULT_STREAM;
            streams.put(name, form.streamYaml());
        }
        if (form.auth() != AuthType.CUSTOM) {
            authentication(doc, server, form);
        }
    }

    private static void authentication(ObjectNode doc, ObjectNode server, Form form) {
        doc.remove("security");
        ObjectNode components = doc.withObjectProperty("components");
        components.remove("securitySchemes");
        if (components.isEmpty()) {
            doc.remove("components");
        }
        ObjectNode auth = JSON.objectNode();
        server.set("authentication", auth);
        if (form.auth() == AuthType.NONE) {
            auth.put("enabled", false);
            return;
        }
        auth.put("enabled", true);
        if (form.auth() == AuthType.HMAC) {
            auth.putObject("hmac").put("enabled", true).putArray("allowedAlgorithms").add("hmac-sha256").add("hmac-sha512");
            return;
        }
        ObjectNode scheme = JSON.objectNode();
        ObjectNode settings = JSON.objectNode().put("enabled", true);
        String name;
        switch (form.auth()) {
            case API_KEY -> {
                name = "authToken";
                scheme.put("type", "apiKey").put("in", "header").put("name", "Authorization");
                settings.putObject("header").put("enabled", true).put("name", "Authorization");
                // Browsers' WebSocket and EventSource cannot set headers: the key may also come as ?key=.
                settings.putObject("query").put("enabled", true).put("name", "key");
            }
            case BASIC -> {
                name = "basicAuth";
                scheme.put("type", "http").put("scheme", "basic");
            }
            case JWT -> {
                name = "jwtAuth";
                scheme.put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
                settings.put("source", form.jwtSource()).put("signingMethod", form.jwtSigningMethod()).put("identityBaseField", "sub");
            }
            case OAUTH2 -> {
                name = "oauth";
                scheme.put("type", "oauth2").putObject("flows");
                ObjectNode provider = settings.putArray("providers").addObject();
                provider.putObject("jwt").put("enabled", true).put("signingMethod", form.jwtSigningMethod())
                        .put("source", form.jwtSource()).put("identityBaseField", "sub");
            }
            default -> throw new IllegalStateException("unexpected " + form.auth());
        }
        doc.withObjectProperty("components").withObjectProperty("securitySchemes").set(name, scheme);
        doc.putArray("security").addObject().putArray(name);
        auth.putObject("securitySchemes").set(name, settings);
    }

    /** The form's view of a document. */
    public static Map<String, Object> describe(JsonNode doc) {
        JsonNode ext = doc.path(EXT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", ext.path("info").path("id").asText(""));
        out.put("name", ext.path("info").path("name").asText(doc.path("info").path("title").asText("")));
        out.put("listen_path", ext.path("server").path("listenPath").path("value").asText(""));
        out.put("active", ext.path("info").path("state").path("active").asBoolean(true));
        out.put("internal", ext.path("info").path("state").path("internal").asBoolean(false));
        out.put("upstream_url", ext.path("upstream").path("url").asText(""));
        JsonNode streams = doc.path(STREAMING).path("streams");
        boolean stream = streams.isObject() && !streams.isEmpty();
        out.put("stream", stream);
        if (stream) {
            Iterator<Map.Entry<String, JsonNode>> first = streams.fields();
            Map.Entry<String, JsonNode> entry = first.next();
            out.put("stream_name", entry.getKey());
            out.put("yaml", yamlText(entry.getValue()));
            out.put("stream_count", streams.size());
        }
        out.put("authentication", describeAuth(doc));
        return out;
    }

    private static String yamlText(JsonNode stream) {
        if (stream.isTextual()) {
            return stream.asText();
        }
        try {
            return StreamYaml.MAPPER.writeValueAsString(stream);
        } catch (JsonProcessingException e) {
            return stream.toString();
        }
    }

    private static Map<String, Object> describeAuth(JsonNode doc) {
        JsonNode auth = doc.path(EXT).path("server").path("authentication");
        Map<String, Object> out = new LinkedHashMap<>();
        if (!auth.path("enabled").asBoolean(false)) {
            out.put("type", "none");
            return out;
        }
        if (auth.path("hmac").path("enabled").asBoolean(false)) {
            out.put("type", "hmac");
            return out;
        }
        JsonNode security = doc.path("security");
        String name = security.isArray() && !security.isEmpty() && security.get(0).fieldNames().hasNext()
                ? security.get(0).fieldNames().next() : "";
        JsonNode scheme = doc.path("components").path("securitySchemes").path(name);
        JsonNode settings = auth.path("securitySchemes").path(name);
        String type = scheme.path("type").asText("");
        String http = scheme.path("scheme").asText("").toLowerCase(Locale.ROOT);
        if (name.isEmpty() && !auth.path("securitySchemes").fieldNames().hasNext()) {
            out.put("type", "api_key"); // Tyk's default for a protected API without a named method
        } else if (type.equals("apiKey") || (type.equals("http") && http.equals("bearer") && !scheme.path("bearerFormat").asText("").equalsIgnoreCase("JWT"))) {
            out.put("type", "api_key");
        } else if (type.equals("http") && http.equals("basic")) {
            out.put("type", "basic");
        } else if (type.equals("http") && http.equals("bearer")) {
            out.put("type", "jwt");
            out.put("jwt_source", settings.path("source").asText(""));
            out.put("jwt_signing_method", settings.path("signingMethod").asText("hmac"));
        } else if (type.equals("oauth2")) {
            JsonNode jwt = settings.path("providers").path(0).path("jwt");
            out.put("type", jwt.isObject() ? "oauth2" : "custom");
            out.put("jwt_source", jwt.path("source").asText(""));
            out.put("jwt_signing_method", jwt.path("signingMethod").asText("rsa"));
        } else {
            out.put("type", "custom");
        }
        return out;
    }

    /**
     * The endpoints a stream serves, relative to the listen path, by kind ({@code websocket}, {@code sse}, {@code get},
     * {@code post}, {@code websocket_publish}) and the event type of a {@code portal_webhook} output ({@code webhook}).
     * Paths left out of the YAML take the spec's defaults.
     */
    public static Map<String, String> endpoints(String yaml, ComponentRegistry registry) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode tree;
        try {
            tree = StreamYaml.MAPPER.readTree(yaml == null ? "" : yaml);
        } catch (IOException e) {
            return out;
        }
        if (tree == null) {
            return out;
        }
        collect(tree.path("output"), ComponentKind.OUTPUT, registry, out);
        collect(tree.path("input"), ComponentKind.INPUT, registry, out);
        return out;
    }

    private static void collect(JsonNode component, ComponentKind kind, ComponentRegistry registry, Map<String, String> out) {
        if (component.has("http_server")) {
            JsonNode server = component.path("http_server");
            if (kind == ComponentKind.OUTPUT) {
                put(out, "websocket", path(server, "ws_path", kind, registry));
                put(out, "sse", path(server, "stream_path", kind, registry));
                put(out, "get", path(server, "path", kind, registry));
            } else {
                put(out, "post", path(server, "path", kind, registry));
                put(out, "websocket_publish", path(server, "ws_path", kind, registry));
            }
        }
        JsonNode broker = component.path("broker").path(kind.plural());
        if (broker instanceof ArrayNode list) {
            list.forEach(child -> collect(child, kind, registry, out));
        }
        if (component.has("portal_webhook")) {
            put(out, "webhook", component.path("portal_webhook").path("event_type").asText(""));
        }
    }

    private static String path(JsonNode server, String field, ComponentKind kind, ComponentRegistry registry) {
        if (server.hasNonNull(field)) {
            return server.path(field).asText("");
        }
        return registry.find(kind, "http_server").flatMap(r -> r.spec().config().child(field))
                .map(f -> f.defaultValue() == null ? "" : f.defaultValue().toString()).orElse("");
    }

    private static void put(Map<String, String> out, String kind, String value) {
        if (!value.isEmpty()) {
            out.putIfAbsent(kind, value);
        }
    }
}
