package io.sluice.gateway.streamapi;

import io.sluice.core.engine.Stream;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams follow their API: they start when it is loaded active, stop (drained) when it is removed or deactivated,
 * and a reload restarts only the streams whose config changed. Definitions whose streams cannot run are refused
 * through the management API (400) and skipped from app_path, naming API, stream and field.
 */
class StreamApiLifecycleTest {

    private static String ticker(String prefix, String label) {
        return """
                input:
                  generate:
                    interval: 20ms
                    mapping: 'root = {"n": counter(), "label": "%s"}'
                output:
                  http_server:
                    path: ""
                    stream_path: %s/sse
                    ws_path: %s/ws
                    ws_message_type: text
                """.formatted(label, prefix, prefix);
    }

    @TempDir
    Path dir;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = RunningGateway.start(dir.resolve("apps"), StreamApiDocs.of("live", "/live/")
                .yaml("a", ticker("/a", "a1")).yaml("b", ticker("/b", "b1")).docs());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String ws(String path) {
        return gateway.url(path).replace("http://", "ws://");
    }

    private StreamApis.ApiStreamsView live() {
        return gateway.gateway().streamApis().streamsOf("live").orElseThrow();
    }

    @Test
    void aReloadRestartsOnlyTheChangedStreamAndOtherConnectionsKeepReceiving() throws Exception {
        Clients.Ws a = Clients.Ws.open(ws("/live/a/ws"));
        Clients.Ws b = Clients.Ws.open(ws("/live/b/ws"));
        Eventually.within(Duration.ofSeconds(10), () -> a.messages.size() > 5 && b.messages.size() > 5);
        Stream aBefore = live().running("a");
        Stream bBefore = live().running("b");

        String changed = StreamApiDocs.of("live", "/live/").yaml("a", ticker("/a", "a1")).yaml("b", ticker("/b", "b2")).json();
        HttpResponse<String> put = gateway.admin("PUT", "/tyk/apis/oas/live", changed);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        gateway.reload();

        // b was restarted: its clients are told the stream stopped; a new client gets the new config
        assertThat(b.closed.get(10, TimeUnit.SECONDS)).startsWith("1001");
        Clients.Ws b2 = Clients.Ws.open(ws("/live/b/ws"));
        Eventually.within(Duration.ofSeconds(10), () -> b2.messages.size() > 3);
        assertThat(Clients.jsonField(b2.messages, "label")).containsOnly("b2");
        assertThat(live().running("b")).isNotSameAs(bBefore);

        // a was untouched: same engine stream, same connection, no gap
        int seen = a.messages.size();
        Eventually.within(Duration.ofSeconds(10), () -> a.messages.size() > seen + 10);
        assertThat(a.closed).isNotDone();
        assertThat(live().running("a")).isSameAs(aBefore);
        StreamApiEndToEndTest.assertConsecutive(Clients.jsonField(a.messages, "n"));
        a.close();
        b2.close();
    }

    @Test
    void deactivatingOrDeletingTheApiStopsItsStreams() throws Exception {
        Clients.Ws a = Clients.Ws.open(ws("/live/a/ws"));
        Eventually.within(Duration.ofSeconds(10), () -> a.messages.size() > 3);
        Stream running = live().running("a");
        String inactive = StreamApiDocs.of("live", "/live/").yaml("a", ticker("/a", "a1")).yaml("b", ticker("/b", "b1")).docs()
                .state(false, false).json();
        assertThat(gateway.admin("PUT", "/tyk/apis/oas/live", inactive).statusCode()).isEqualTo(200);
        gateway.reload();
        assertThat(a.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1001 stream stopped");
        running.done().get(10, TimeUnit.SECONDS);
        assertThat(gateway.gateway().streamApis().streamsOf("live")).isEmpty();
        assertThat(gateway.get("/live/a/sse").statusCode()).isEqualTo(404);

        // active again, then deleted
        String active = StreamApiDocs.of("live", "/live/").yaml("a", ticker("/a", "a1")).json();
        assertThat(gateway.admin("PUT", "/tyk/apis/oas/live", active).statusCode()).isEqualTo(200);
        gateway.reload();
        Clients.Ws again = Clients.Ws.open(ws("/live/a/ws"));
        Eventually.within(Duration.ofSeconds(10), () -> again.messages.size() > 3);
        assertThat(gateway.admin("DELETE", "/tyk/apis/oas/live", null).statusCode()).isEqualTo(200);
        gateway.reload();
        assertThat(again.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1001 stream stopped");
        assertThat(gateway.gateway().streamApis().streamsOf("live")).isEmpty();
    }

    @Test
    void theManagementApiRefusesStreamsThatCannotRunNamingApiStreamAndField() {
        String typo = StreamApiDocs.of("typo", "/typo/").yaml("feed", """
                input:
                  generate:
                    mapping: 'root = "x"'
                output:
                  http_server:
                    ws_pth: /ws
                """).json();
        HttpResponse<String> refused = gateway.admin("POST", "/tyk/apis/oas", typo);
        assertThat(refused.statusCode()).isEqualTo(400);
        String error = Json.read(refused.body()).path("message").asText();
        assertThat(error).startsWith("x-tyk-streaming.streams.feed.output.http_server.ws_pth")
                .contains("line 6").contains("[API 'typo', stream 'feed']");

        String unknownComponent = StreamApiDocs.of("unknown", "/unknown/").json("feed",
                "{\"input\": {\"kafkaa\": {}}, \"output\": {\"http_server\": {}}}").json();
        String error2 = Json.read(gateway.admin("POST", "/tyk/apis/oas", unknownComponent).body()).path("message").asText();
        assertThat(error2).startsWith("x-tyk-streaming.streams.feed.input").contains("kafkaa").contains("[API 'unknown', stream 'feed']");

        String address = StreamApiDocs.of("address", "/address/").json("feed",
                "{\"input\": {\"generate\": {\"mapping\": \"root = 1\"}}, \"output\": {\"http_server\": {\"address\": \"0.0.0.0:4195\"}}}").json();
        String error3 = Json.read(gateway.admin("POST", "/tyk/apis/oas", address).body()).path("message").asText();
        assertThat(error3).startsWith("x-tyk-streaming.streams.feed.output.http_server.address: address is not allowed inside an API");

        String clash = StreamApiDocs.of("clash", "/clash/").yaml("one", ticker("/same", "x")).yaml("two", ticker("/same", "y")).json();
        String error4 = Json.read(gateway.admin("POST", "/tyk/apis/oas", clash).body()).path("message").asText();
        assertThat(error4).contains("x-tyk-streaming.streams.two.output.http_server.stream_path")
                .contains("path '/same/sse' is already served by stream 'one'");

        String option = StreamApiDocs.of("option", "/option/").option("limits", "bytes").yaml("a", ticker("/a", "a")).json();
        String error5 = Json.read(gateway.admin("POST", "/tyk/apis/oas", option).body()).path("message").asText();
        assertThat(error5).isEqualTo("x-tyk-streaming.limits: must be \"messages\" or \"connections\", got \"bytes\"");
        assertThat(gateway.admin("GET", "/tyk/apis/oas", null).body()).doesNotContain("typo", "kafkaa", "clash");
    }

    @Test
    void aDefinitionFromAppPathWithABrokenStreamIsSkippedWithItsProblem() throws Exception {
        Path file = gateway.appPath().resolve("broken.json");
        Files.writeString(file, StreamApiDocs.of("broken", "/broken/").yaml("feed", """
                input:
                  generate:
                    mapping: 'root = "x"'
                    intervall: 1s
                output:
                  http_server: {}
                """).json());
        gateway.reload();
        List<String> problems = gateway.gateway().problems().stream().filter(p -> p.file().equals(file)).map(p -> p.message()).toList();
        assertThat(problems).singleElement().asString()
                .startsWith("x-tyk-streaming.streams.feed.input.generate.intervall")
                .contains("[API 'broken', stream 'feed']");
        assertThat(gateway.get("/broken/get/ws").statusCode()).isEqualTo(404);
        // the other API is still served (its streams start on the API's own thread: wait, bounded, for it)
        Eventually.within(Duration.ofSeconds(10), () -> live().running("a") != null);
    }
}
