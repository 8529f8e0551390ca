package io.sluice.gateway.streamapi;

import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka-style topic exposed as a keyed stream API, end to end through the real gateway with real clients: a
 * {@code generate} stream served over WebSocket (java.net.http and wscat), SSE (an EventSource-style reader,
 * {@code curl -N} and npm's {@code eventsource} package under Node) and GET; a "chat" stream fed by POSTs to show
 * that every consumer receives every message in order and that resuming with {@code Last-Event-ID} loses nothing.
 */
class StreamApiEndToEndTest {

    private static final String TICKER = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"n": counter(), "ts": timestamp_unix_milli()}'
            output:
              http_server:
                path: /ticker/get
                stream_path: /ticker/sse
                ws_path: /ticker/ws
                ws_message_type: text
            """;

    private static final String CHAT = """
            {"input": {"http_server": {"path": "/chat/publish", "ws_path": ""}},
             "output": {"http_server": {"path": "/chat/get", "stream_path": "/chat/sse", "ws_path": "/chat/ws",
                                        "ws_message_type": "text", "stream_format": "event_source"}}}
            """;

    @TempDir
    static Path dir;
    private static RunningGateway gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir.resolve("apps"), StreamApiDocs.of("events", "/events/").authToken()
                .yaml("ticker", TICKER).json("chat", CHAT).docs());
        key = gateway.createKey("{\"access_rights\": {\"events\": {\"api_id\": \"events\"}}}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String ws(String path) {
        return gateway.url(path).replace("http://", "ws://");
    }

    @Test
    void webSocketClientGetsConsecutiveMessages() throws Exception {
        Clients.Ws ws = Clients.Ws.open(ws("/events/ticker/ws"), "Authorization", key);
        Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() >= 20);
        assertConsecutive(Clients.jsonField(ws.messages, "n"));
        assertThat(ws.closed).isNotDone();
        ws.close();
    }

    @Test
    void wscatReceivesWithTheKeyInTheQueryOrInAHeader() throws Exception {
        String wscat = Clients.wscat();
        try (Clients.Proc byQuery = Clients.Proc.start(wscat, "-c", ws("/events/ticker/ws?key=" + key));
             Clients.Proc byHeader = Clients.Proc.start(wscat, "-c", ws("/events/ticker/ws"), "-H", "Authorization: " + key)) {
            Eventually.within(Duration.ofSeconds(20), () -> json(byQuery.lines).size() >= 5 && json(byHeader.lines).size() >= 5);
            assertConsecutive(Clients.jsonField(json(byQuery.lines), "n"));
            assertConsecutive(Clients.jsonField(json(byHeader.lines), "n"));
        }
    }

    @Test
    void serverSentEventsWithAnEventSourceReaderAndCurl() throws Exception {
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/events/ticker/sse?key=" + key));
             Clients.Proc curl = Clients.Proc.start("curl", "-sN", "-H", "Accept: text/event-stream", "-b", "session=" + key,
                     gateway.url("/events/ticker/sse"))) {
            assertThat(sse.status).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(10), () -> sse.data().size() >= 10
                    && curl.lines.stream().filter(l -> l.startsWith("data: ")).count() >= 10);
            assertConsecutive(Clients.jsonField(sse.data(), "n"));
            List<Long> ids = sse.events.stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            List<String> curlData = curl.lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            assertConsecutive(Clients.jsonField(curlData, "n"));
            assertThat(curl.lines).anyMatch(l -> l.startsWith("id: "));
        }
    }

    @Test
    void getAnswersTheNextMessage() {
        HttpResponse<String> one = gateway.get("/events/ticker/get", "Authorization", key);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Json.read(one.body()).path("n").asLong()).isPositive();
        assertThat(one.headers().firstValue("X-Sluice-Last-Event-Id")).isPresent();
    }

    @Test
    void connectionsWithoutOrWithABadKeyAreRefused() throws Exception {
        assertThat(Clients.Ws.refusedWith(ws("/events/ticker/ws"))).isEqualTo(401);
        assertThat(Clients.Ws.refusedWith(ws("/events/ticker/ws"), "Authorization", "not-a-key")).isEqualTo(403);
        try (Clients.Sse none = Clients.Sse.open(gateway.url("/events/ticker/sse"));
             Clients.Sse bad = Clients.Sse.open(gateway.url("/events/ticker/sse?key=not-a-key"))) {
            assertThat(none.status).isEqualTo(401);
            assertThat(Json.read(none.body).path("error").asText()).isEqualTo("Authorization field missing");
            assertThat(bad.status).isEqualTo(403);
            assertThat(Json.read(bad.body).path("error").asText()).isEqualTo("Access to this API has been disallowed");
        }
        assertThat(gateway.get("/events/ticker/get").statusCode()).isEqualTo(401);
        assertThat(gateway.get("/events/chat/publish").statusCode()).isEqualTo(401);
        // a path no stream serves
        HttpResponse<String> unknown = gateway.get("/events/nothing/here", "Authorization", key);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Not Found\"}");
    }

    @Test
    void threeConsumersReceiveEveryMessageInOrder() throws Exception {
        Clients.Ws ws = Clients.Ws.open(ws("/events/chat/ws"), "Authorization", key);
        try (Clients.Sse sse = Clients.Sse.open(gateway.url("/events/chat/sse"), "Authorization", key);
             Clients.Proc curl = Clients.Proc.start("curl", "-sN", "-H", "Authorization: " + key, gateway.url("/events/chat/sse"))) {
            awaitConsumers("chat", 3);
            List<String> sent = publish("three", 100);
            Eventually.within(Duration.ofSeconds(15), () -> only("three", ws.messages).size() == 100
                    && only("three", sse.data()).size() == 100 && only("three", curlData(curl)).size() == 100);
            assertThat(only("three", ws.messages)).containsExactlyElementsOf(sent);
            assertThat(only("three", sse.data())).containsExactlyElementsOf(sent);
            assertThat(only("three", curlData(curl))).containsExactlyElementsOf(sent);
        } finally {
            ws.close();
        }
    }

    @Test
    void resumingWithLastEventIdLosesNothing() throws Exception {
        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();
        String lastId;
        try (Clients.Sse first = Clients.Sse.open(gateway.url("/events/chat/sse"), "Authorization", key)) {
            awaitConsumers("chat", 1);
            sent.addAll(publish("resume-a", 10));
            Eventually.within(Duration.ofSeconds(10), () -> only("resume-", first.data()).size() == 10);
            received.addAll(only("resume-", first.data()));
            lastId = first.lastEventId;
        }
        sent.addAll(publish("resume-b", 10)); // while disconnected
        try (Clients.Sse second = Clients.Sse.open(gateway.url("/events/chat/sse"), "Authorization", key, "Last-Event-ID", lastId)) {
            Eventually.within(Duration.ofSeconds(10), () -> only("resume-", second.data()).size() == 10);
            sent.addAll(publish("resume-c", 5));
            Eventually.within(Duration.ofSeconds(10), () -> only("resume-", second.data()).size() == 15);
            received.addAll(only("resume-", second.data()));
        }
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void theEventSourcePackageFromNpmReceivesResumesAndIsRefusedWithoutAKey() throws Exception {
        List<String> node = Clients.eventSourceClient();
        String url = gateway.url("/events/chat/sse?key=" + key); // the browser's way: EventSource cannot set headers
        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();
        String lastId;
        try (Clients.Proc first = Clients.Proc.start(command(node, url, "10"))) {
            Eventually.within(Duration.ofSeconds(20), () -> first.lines.contains("open"));
            awaitConsumers("chat", 1);
            sent.addAll(publish("npm-a", 10));
            Eventually.within(Duration.ofSeconds(10), () -> only("npm-", eventData(first)).size() == 10);
            received.addAll(only("npm-", eventData(first)));
            List<String> events = first.lines.stream().filter(l -> l.contains("{")).toList();
            lastId = events.get(events.size() - 1).split(" ", 2)[0];
            assertThat(first.process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
        sent.addAll(publish("npm-b", 10)); // while disconnected
        try (Clients.Proc second = Clients.Proc.start(command(node, url, "15", lastId))) {
            Eventually.within(Duration.ofSeconds(20), () -> only("npm-", eventData(second)).size() == 10);
            sent.addAll(publish("npm-c", 5));
            Eventually.within(Duration.ofSeconds(10), () -> only("npm-", eventData(second)).size() == 15);
            received.addAll(only("npm-", eventData(second)));
        }
        assertThat(received).containsExactlyElementsOf(sent);

        try (Clients.Proc refused = Clients.Proc.start(command(node, gateway.url("/events/chat/sse"), "1"))) {
            assertThat(refused.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.process.exitValue()).isEqualTo(2);
            assertThat(refused.lines).contains("error 401");
        }
    }

    // ---- helpers

    private static String[] command(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The data of each message a client process printed as "<lastEventId> <data>". */
    private static List<String> eventData(Clients.Proc client) {
        return client.lines.stream().filter(l -> l.contains(" {")).map(l -> l.split(" ", 2)[1]).toList();
    }

    private static List<String> publish(String tag, int count) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"tag\":\"" + tag + "\",\"seq\":" + i + "}";
            HttpResponse<String> r = gateway.send(gateway.request("/events/chat/publish").header("Authorization", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            sent.add(body);
        }
        return sent;
    }

    private static void awaitConsumers(String stream, long atLeast) {
        Eventually.within(Duration.ofSeconds(10), () -> {
            var s = gateway.gateway().streamApis().streamsOf("events").orElseThrow().running(stream);
            return s != null && s.metrics().get("http_server_consumers_connected") - s.metrics().get("http_server_consumers_disconnected") >= atLeast;
        });
    }

    private static List<String> only(String tagPrefix, List<String> messages) {
        return messages.stream().filter(m -> m.contains("\"tag\":\"" + tagPrefix)).toList();
    }

    private static List<String> curlData(Clients.Proc curl) {
        return curl.lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    private static List<String> json(List<String> lines) {
        return lines.stream().map(String::trim).map(l -> l.startsWith("< ") ? l.substring(2) : l).filter(l -> l.startsWith("{")).toList();
    }

    static void assertConsecutive(List<String> numbers) {
        List<Long> n = numbers.stream().map(Long::parseLong).toList();
        assertThat(n).isNotEmpty();
        assertThat(n).containsExactlyElementsOf(IntStream.range(0, n.size()).mapToObj(i -> n.getFirst() + i).toList());
    }
}
