package io.sluice.cli;

import io.sluice.core.engine.Stream;
import io.sluice.core.message.Structured;
import io.sluice.core.registry.ComponentRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice streams}: the REST API driven over HTTP as a user's client would, and file watching. */
class StreamsModeTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StreamsCommand.Session session;
    private String base;

    record Answer(int status, String body) {
        Map<?, ?> json() {
            return (Map<?, ?>) Structured.parseJson(body);
        }
    }

    private Answer call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(25);
        }
    }

    private long received(String id) throws Exception {
        Answer a = call("GET", "/streams/" + id + "/stats", null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return ((Number) ((Map<?, ?>) a.json().get("counters")).get("input_received")).longValue();
    }

    private static String generator(String mapping) {
        return "input:\n  generate:\n    interval: 20ms\n    mapping: '" + mapping + "'\noutput:\n  drop: {}\n";
    }

    @AfterEach
    void stop() {
        if (session != null) session.close();
    }

    @Test
    void theApiCreatesUpdatesPatchesAndDeletesOneStreamWhileAnotherKeepsRunning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keep.yaml"), generator("root = \"kept\""));
        Files.createDirectories(dir.resolve("team"));
        Files.writeString(dir.resolve("team/edit.yaml"), generator("root = \"first\""));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StreamsCommand cmd = new StreamsCommand();
        cmd.dirs = List.of(dir);
        cmd.address = "127.0.0.1:" + port;
        cmd.watch = true;
        session = cmd.start();
        assertThat(session).isNotNull();
        base = "http://127.0.0.1:" + port;
        Stream keep = session.streams.get("keep").stream();

        assertThat(call("GET", "/ping", null)).isEqualTo(new Answer(200, "pong\n"));
        Answer list = call("GET", "/streams", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().keySet()).map(String::valueOf).containsExactly("keep", "team/edit");
        await("keep to read messages", () -> uncheckedReceived("keep") > 0);

        // create
        assertThat(call("POST", "/streams/extra", generator("root = \"v1\"")).status()).isEqualTo(200);
        await("extra to read messages", () -> uncheckedReceived("extra") > 0);
        Answer again = call("POST", "/streams/extra", generator("root = 1"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("already exists");
        Answer bad = call("POST", "/streams/broken", "input:\n  generate:\n    mappnig: 'root = 1'\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("streams/broken:3:5", "did you mean 'mapping'");
        assertThat(call("GET", "/streams/broken", null).status()).isEqualTo(404);

        // update: the whole config
        assertThat(call("PUT", "/streams/extra", generator("root = \"v2\"")).status()).isEqualTo(200);
        assertThat(call("GET", "/streams/extra", null).body()).contains("root = \\\"v2\\\"");
        // a bad update leaves the running stream as it was
        assertThat(call("PUT", "/streams/extra", "input:\n  nope: {}\n").status()).isEqualTo(400);
        assertThat(call("GET", "/streams/extra", null).body()).contains("root = \\\"v2\\\"");

        // patch: only what is given changes
        assertThat(call("PATCH", "/streams/extra", "{\"input\":{\"generate\":{\"mapping\":\"root = \\\"v3\\\"\"}}}").status()).isEqualTo(200);
        Map<?, ?> patched = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) call("GET", "/streams/extra", null).json().get("config")).get("input")).get("generate");
        assertThat(patched.get("mapping")).isEqualTo("root = \"v3\"");
        assertThat(patched.get("interval")).isEqualTo("20ms");
        await("the patched stream to run", () -> uncheckedReceived("extra") > 0);

        // stats, readiness and metrics
        Answer stats = call("GET", "/streams/extra/stats", null);
        assertThat(stats.json().get("input")).isEqualTo(Map.of("type", "generate", "state", "connected"));
        assertThat(call("GET", "/ready", null).status()).isEqualTo(200);
        assertThat(call("GET", "/metrics", null).body()).containsPattern("input_received_total\\{[^}]*stream=\"keep\"").containsPattern("output_sent_total\\{[^}]*stream=\"extra\"");

        // delete
        assertThat(call("DELETE", "/streams/extra", null).status()).isEqualTo(200);
        assertThat(call("GET", "/streams/extra", null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/streams/extra", null).status()).isEqualTo(404);
        assertThat(call("GET", "/streams", null).json().keySet()).map(String::valueOf).containsExactly("keep", "team/edit");

        // --watch: an edited file reloads its stream
        Files.writeString(dir.resolve("team/edit.yaml"), generator("root = \"second\""));
        await("the edited file to reload", () -> uncheckedBody("/streams/team/edit").contains("second"));
        // ... and a folder made later is followed too.
        Files.createDirectories(dir.resolve("later"));
        Files.writeString(dir.resolve("later/new.yaml"), generator("root = \"new\""));
        await("the new folder's stream", () -> uncheckedBody("/streams/later/new").contains("root = \\\"new\\\""));
        assertThat(call("DELETE", "/streams/later/new", null).status()).isEqualTo(200);

        // POST /streams sets all streams at once: keep's config is unchanged, so keep runs on; team/edit goes, fresh comes.
        Object keepConfig = session.streams.get("keep").config();
        Object freshConfig = Structured.parseJson(Structured.toJson(Map.of("input", Map.of("generate", Map.of("interval", "20ms", "mapping", "root = 1")),
                "output", Map.of("drop", Map.of()))));
        Answer all = call("POST", "/streams", Structured.toJson(Map.of("keep", keepConfig, "fresh", freshConfig)));
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(call("GET", "/streams", null).json().keySet()).map(String::valueOf).containsExactly("fresh", "keep");

        // The untouched stream is the one that started first, never stopped, and kept reading.
        long before = received("keep");
        assertThat(session.streams.get("keep").stream()).isSameAs(keep);
        assertThat(keep.done()).isNotDone();
        await("keep to go on reading", () -> uncheckedReceived("keep") > before);

        // A stop signal first turns /ready off (during shutdown_delay), so that traffic moves elsewhere before streams stop.
        session.api.shuttingDown();
        assertThat(call("GET", "/ready", null).status()).isEqualTo(503);
    }

    @Test
    void theShutdownDelayIsTheLongestOfTheStreamsAndPatchesMergeObjects() throws Exception {
        StreamsManager streams = new StreamsManager(ComponentRegistry.global());
        try {
            streams.put("a", StreamsManager.parse(generator("root = 1") + "shutdown_delay: 2s\n", "a.yaml"), "a.yaml");
            streams.put("b", StreamsManager.parse(generator("root = 2") + "shutdown_delay: 5s\n", "b.yaml"), "b.yaml");
            streams.put("c", StreamsManager.parse(generator("root = 3"), "c.yaml"), "c.yaml");
            assertThat(streams.shutdownDelay()).isEqualTo(Duration.ofSeconds(5));
        } finally {
            streams.stopAll();
        }
        assertThat(StreamsManager.merge(Map.of("input", Map.of("a", 1, "b", 2), "x", List.of(1)), Map.of("input", Map.of("b", 3), "x", List.of())))
                .isEqualTo(Map.of("input", Map.of("a", 1, "b", 3), "x", List.of()));
    }

    private long uncheckedReceived(String id) {
        try {
            return received(id);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String uncheckedBody(String path) {
        try {
            return call("GET", path, null).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
