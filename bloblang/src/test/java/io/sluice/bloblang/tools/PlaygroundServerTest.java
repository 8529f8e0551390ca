package io.sluice.bloblang.tools;

import io.sluice.core.message.Structured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlaygroundServerTest {
    private PlaygroundServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = new PlaygroundServer().start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> execute(String mapping, String input, Map<String, Object> metadata) throws Exception {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("mapping", mapping);
        req.put("input", input);
        req.put("metadata", metadata);
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/execute"))
                .POST(HttpRequest.BodyPublishers.ofString(Structured.toJson(req))).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
        return (Map<String, Object>) Structured.parseJson(res.body());
    }

    @Test
    void executesAMappingWithMetadata() throws Exception {
        Map<String, Object> r = execute("root.name = this.name.uppercase()\nmeta topic = @kafka_topic + \"-out\"",
                "{\"name\":\"ada\"}", Map.of("kafka_topic", "events"));
        assertThat(r.get("result")).isEqualTo("{\"name\":\"ADA\"}");
        assertThat(r.get("metadata")).isEqualTo(Map.of("kafka_topic", "events", "topic", "events-out"));
        assertThat(r.get("error")).isNull();
    }

    @Test
    void reportsDeletion() throws Exception {
        Map<String, Object> r = execute("root = deleted()", "{}", Map.of());
        assertThat(r).containsEntry("result", null).containsEntry("deleted", true);
    }

    @Test
    void reportsParseErrorsWithTheirPosition() throws Exception {
        Map<String, Object> r = execute("root.a = 1\nroot.b = this.x.nope()", "{}", Map.of());
        assertThat(r.get("result")).isNull();
        assertThat((String) r.get("error")).contains("unrecognised method 'nope'");
        assertThat(r.get("error_line")).isEqualTo(2L);
        assertThat(r.get("error_column")).isEqualTo(17L);
    }

    @Test
    void reportsRuntimeErrors() throws Exception {
        Map<String, Object> r = execute("root = this.a + 1", "{\"a\":\"x\"}", Map.of());
        assertThat((String) r.get("error")).startsWith("failed assignment (line 1): cannot add types string");
    }

    @Test
    void refusesImportsAndFileReads() throws Exception {
        assertThat((String) execute("import \"/etc/passwd\"", "{}", Map.of()).get("error")).contains("imports are disabled");
        assertThat((String) execute("root = file(\"/etc/passwd\")", "{}", Map.of()).get("error")).contains("unrecognised function 'file'");
    }

    @Test
    void servesTheSelfContainedPage() throws Exception {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("<textarea id=\"mapping\"").contains("fetch('/execute'").doesNotContain("<script src=");
    }

    @Test
    void rejectsOtherMethodsAndPaths() throws Exception {
        var get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/execute")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        var missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
