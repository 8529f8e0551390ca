package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /tyk/apis/oas/{id}/asyncapi}: the AsyncAPI 3.0 document of a running stream API, checked against the
 * official AsyncAPI 3.0.0 JSON Schema (test resource {@code asyncapi/asyncapi-3.0.0.schema.json}) and for what it says:
 * servers, channels per endpoint, send/receive operations, security from the API's auth, and payload schemas that are
 * declared or inferred from the messages the stream actually published.
 */
class AsyncApiDocumentTest {

    static final JsonSchema ASYNCAPI = loadSchema();

    private static final String TICKER = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"n": counter(), "label": "tick", "tags": ["a"], "nested": {"ok": true}}'
            output:
              http_server:
                path: /ticker/get
                stream_path: /ticker/sse
                ws_path: /ticker/ws
            """;

    private static final String CHAT = """
            {"input": {"http_server": {"path": "/chat/publish", "ws_path": "/chat/publish/ws"}},
             "output": {"http_server": {"path": "", "stream_path": "/chat/sse", "ws_path": "/chat/ws"}}}
            """;

    private static final String ORDER_SCHEMA = """
            {"type": "object", "required": ["id", "amount"],
             "properties": {"id": {"type": "string"}, "amount": {"type": "number", "minimum": 0}}}
            """;

    @TempDir
    static Path dir;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        StreamApiDocs events = StreamApiDocs.of("events", "/events/").authToken().yaml("ticker", TICKER).json("chat", CHAT);
        events.streaming().putObject("schemas").set("chat", Json.read(ORDER_SCHEMA));
        events.streaming().put("subscriber_filters", true);
        StreamApiDocs open = StreamApiDocs.of("open", "/open/").yaml("quiet", """
                input:
                  http_server: {path: /in, ws_path: ""}
                output:
                  http_server: {path: "", stream_path: /out, ws_path: ""}
                """);
        gateway = RunningGateway.start(dir.resolve("apps"), events.docs(), open.docs());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static JsonSchema loadSchema() {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Problems of a document against the official schema; empty when valid. */
    static List<String> problems(JsonNode document) {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : ASYNCAPI.validate(document)) out.add(m.getMessage());
        return out;
    }

    private static JsonNode asyncApi(String id) {
        HttpResponse<String> r = gateway.admin("GET", "/tyk/apis/oas/" + id + "/asyncapi", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.read(r.body());
    }

    @Test
    void theDocumentOfAKeyedStreamApiIsValidAsyncApi3AndDescribesItsEndpoints() {
        AtomicReference<JsonNode> doc = new AtomicReference<>();
        // payloads are inferred from what the ticker published: wait until it published something
        Eventually.within(Duration.ofSeconds(10), () -> {
            doc.set(asyncApi("events"));
            return doc.get().at("/components/messages/ticker_out/payload").isObject();
        });
        JsonNode d = doc.get();
        assertThat(problems(d)).isEmpty();
        assertThat(d.path("asyncapi").asText()).isEqualTo("3.0.0");

        JsonNode servers = d.path("servers");
        assertThat(servers.path("ws").path("protocol").asText()).isEqualTo("ws");
        assertThat(servers.path("http").path("protocol").asText()).isEqualTo("http");
        assertThat(servers.path("ws").path("host").asText()).isEqualTo(gateway.url("").replace("http://", "").replaceAll("/$", ""));
        assertThat(servers.path("ws").path("pathname").asText()).isEqualTo("/events");

        JsonNode channels = d.path("channels");
        assertThat(names(channels)).containsExactlyInAnyOrder("ticker_get", "ticker_sse", "ticker_ws", "chat_publish",
                "chat_publish_ws", "chat_sse", "chat_ws");
        assertThat(channels.path("ticker_ws").path("address").asText()).isEqualTo("/ticker/ws");
        assertThat(channels.path("ticker_ws").path("servers").path(0).path("$ref").asText()).isEqualTo("#/servers/ws");
        assertThat(channels.path("ticker_sse").path("servers").path(0).path("$ref").asText()).isEqualTo("#/servers/http");
        // filters are allowed on this API: the WebSocket binding documents them
        assertThat(names(channels.at("/ticker_ws/bindings/ws/query/properties"))).contains("key", "filter", "fields", "last_event_id");

        JsonNode ops = d.path("operations");
        assertThat(ops.path("send_ticker_ws").path("action").asText()).isEqualTo("send");
        assertThat(ops.path("receive_chat_publish").path("action").asText()).isEqualTo("receive");
        assertThat(ops.at("/receive_chat_publish/bindings/http/method").asText()).isEqualTo("POST");
        assertThat(ops.at("/send_ticker_get/bindings/http/method").asText()).isEqualTo("GET");

        // the auth token is read from a header, the "key" query parameter and the "session" cookie
        JsonNode schemes = d.at("/components/securitySchemes");
        List<String> where = new ArrayList<>();
        schemes.forEach(s -> {
            assertThat(s.path("type").asText()).isEqualTo("httpApiKey");
            where.add(s.path("in").asText() + ":" + s.path("name").asText());
        });
        assertThat(where).containsExactlyInAnyOrder("header:Authorization", "query:key", "cookie:session");
        assertThat(servers.path("ws").path("security")).hasSize(3);

        // inferred from the published messages
        JsonNode ticker = d.at("/components/messages/ticker_out");
        assertThat(ticker.path("x-sluice-inferred").asBoolean()).isTrue();
        assertThat(ticker.at("/payload/properties/n/type").asText()).isEqualTo("integer");
        assertThat(ticker.at("/payload/properties/tags/items/type").asText()).isEqualTo("string");
        assertThat(ticker.at("/payload/properties/nested/properties/ok/type").asText()).isEqualTo("boolean");
        assertThat(Json.read(ticker.at("/payload/required").toString()).toString()).contains("\"n\"", "\"label\"");
        assertThat(ticker.at("/examples/0/payload/label").asText()).isEqualTo("tick");
        // declared
        assertThat(d.at("/components/messages/chat_out/payload")).isEqualTo(Json.read(ORDER_SCHEMA));
    }

    @Test
    void aKeylessApiHasNoSecurityAndAQuietStreamNoPayload() {
        JsonNode d = asyncApi("open");
        assertThat(problems(d)).isEmpty();
        assertThat(d.path("servers").path("http").has("security")).isFalse();
        assertThat(d.at("/components/securitySchemes")).isEmpty();
        assertThat(names(d.path("channels"))).containsExactlyInAnyOrder("quiet_publish", "quiet_sse");
        assertThat(d.at("/components/messages/quiet_out").has("payload")).isFalse();
        // no filters on this API: not offered
        assertThat(names(d.at("/operations/send_quiet_sse/bindings/http/query/properties"))).doesNotContain("filter");
    }

    @Test
    void nativeEntrypointsAreServersOfTheirOwnWithTheirSecurity() {
        StreamApis.NativeEntrypoint kafka = new StreamApis.NativeEntrypoint() {
            public String name() { return "kafka"; }
            public String protocol() { return "kafka"; }
            public String host(String httpHost) { return "gw.example.com:9094"; }
            public String description() { return "Kafka clients"; }
            public String securityType() { return "plain"; }
            public boolean serves(ApiDefinition api) { return api.id().equals("events"); }
        };
        gateway.gateway().streamApis().addEntrypoint(kafka);
        try {
            JsonNode d = asyncApi("events");
            assertThat(problems(d)).isEmpty();
            assertThat(d.at("/servers/kafka/host").asText()).isEqualTo("gw.example.com:9094");
            assertThat(d.at("/components/securitySchemes/kafka_key/type").asText()).isEqualTo("plain");
            assertThat(d.at("/servers/kafka/security/0/$ref").asText()).isEqualTo("#/components/securitySchemes/kafka_key");
            assertThat(asyncApi("open").at("/servers").has("kafka")).isFalse();
        } finally {
            gateway.gateway().streamApis().removeEntrypoint(kafka);
        }
    }

    @Test
    void theValidatorRefusesABrokenDocument() {
        JsonNode d = asyncApi("open");
        ((ObjectNode) d.at("/operations/receive_quiet_publish")).put("action", "publish");
        assertThat(problems(d)).isNotEmpty();
    }

    @Test
    void unknownAndNonStreamApisAre404() {
        assertThat(gateway.admin("GET", "/tyk/apis/oas/nope/asyncapi", null).statusCode()).isEqualTo(404);
    }

    static Set<String> names(JsonNode object) {
        Set<String> out = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
