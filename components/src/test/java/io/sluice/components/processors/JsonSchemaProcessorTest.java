package io.sluice.components.processors;

import com.sun.net.httpserver.HttpServer;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaProcessorTest {
    private final Harness h = new Harness();

    private static final String ORDER = """
            {"type": "object", "required": ["id", "customer"],
             "properties": {"id": {"type": "string"},
                            "customer": {"type": "object", "properties": {"age": {"type": "integer", "minimum": 18}}}}}""";

    @Test
    void conformingMessagesPassUnchangedAndOthersAreFlaggedWithTheFailingPath() throws Exception {
        Processor p = h.processor("json_schema:\n  schema: '" + ORDER.replace("\n", " ") + "'");
        List<Batch> out = run(p, Batch.of(Part.of("{\"id\":\"a\",\"customer\":{\"age\":30}}"),
                Part.of("{\"id\":\"b\",\"customer\":{\"age\":12}}"),
                Part.of("{\"customer\":{}}"),
                Part.of("not json")));
        assertThat(flatTexts(out)).containsExactly("{\"id\":\"a\",\"customer\":{\"age\":30}}", "{\"id\":\"b\",\"customer\":{\"age\":12}}",
                "{\"customer\":{}}", "not json");
        List<String> errors = errors(out);
        assertThat(errors.get(0)).isNull();
        assertThat(errors.get(1)).contains("$.customer.age").contains("18");
        assertThat(errors.get(2)).contains("id");
        assertThat(errors.get(3)).contains("not valid JSON");
    }

    @Test
    void theDraftComesFromTheSchemasOwnDeclaration() throws Exception {
        // Draft 4: exclusiveMinimum is a flag on minimum. 2020-12: prefixItems checks tuple positions.
        Processor draft4 = h.processor("""
                json_schema:
                  schema: '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "minimum": 5, "exclusiveMinimum": true}'
                """);
        List<Batch> out = run(draft4, Batch.of(Part.of("5"), Part.of("6")));
        assertThat(errors(out).get(0)).isNotNull();
        assertThat(errors(out).get(1)).isNull();

        Processor draft2020 = h.processor("""
                json_schema:
                  schema: '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}'
                """);
        out = run(draft2020, Batch.of(Part.of("[\"a\", 1]"), Part.of("[\"a\", \"b\"]")));
        assertThat(errors(out).get(0)).isNull();
        assertThat(errors(out).get(1)).contains("$[1]");
    }

    @Test
    void refsToOtherFilesResolveRelativeToTheSchemaFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("common"));
        Files.writeString(dir.resolve("common/email.json"), "{\"type\": \"string\", \"pattern\": \"^[^@]+@[^@]+$\"}");
        Files.writeString(dir.resolve("user.json"), """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "properties": {"email": {"$ref": "common/email.json"}}}""");
        Processor p = h.processor("json_schema:\n  schema_path: 'file://" + dir.resolve("user.json") + "'");
        List<Batch> out = run(p, Batch.of(Part.of("{\"email\":\"a@b\"}"), Part.of("{\"email\":\"nobody\"}")));
        assertThat(errors(out).get(0)).isNull();
        assertThat(errors(out).get(1)).contains("$.email");
    }

    @Test
    void refsToUrlsAreFetched() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/schemas/", exchange -> {
            byte[] body = switch (exchange.getRequestURI().getPath()) {
                case "/schemas/point.json" -> "{\"type\":\"object\",\"required\":[\"x\",\"y\"],\"properties\":{\"x\":{\"$ref\":\"coord.json\"},\"y\":{\"$ref\":\"coord.json\"}}}"
                        .getBytes(StandardCharsets.UTF_8);
                case "/schemas/coord.json" -> "{\"type\":\"number\"}".getBytes(StandardCharsets.UTF_8);
                default -> new byte[0];
            };
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schemas/point.json";
            Processor p = h.processor("json_schema:\n  schema_path: '" + url + "'");
            List<Batch> out = run(p, Batch.of(Part.of("{\"x\":1,\"y\":2}"), Part.of("{\"x\":1,\"y\":\"two\"}")));
            assertThat(errors(out).get(0)).isNull();
            assertThat(errors(out).get(1)).contains("$.y");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void exactlyOneSourceOfTheSchemaIsAccepted() {
        assertThatThrownBy(() -> h.processor("json_schema: {}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly one of schema and schema_path");
        assertThatThrownBy(() -> h.processor("json_schema:\n  schema: '{}'\n  schema_path: ./x.json"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of schema and schema_path");
    }

    @Test
    void aBrokenOrMissingSchemaFailsAtStartNamingTheField(@TempDir Path dir) {
        assertThatThrownBy(() -> h.processor("json_schema:\n  schema: '{\"type\": '"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("json_schema.schema").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> h.processor("json_schema:\n  schema_path: " + dir.resolve("absent.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("json_schema.schema_path");
    }
}
