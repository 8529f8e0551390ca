package io.sluice.gateway.streaming;

import io.sluice.core.connect.Multipart;
import io.sluice.core.engine.Stream;
import io.sluice.gateway.streamapi.Clients;
import io.sluice.gateway.streaming.edge.OutputEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.sluice.gateway.streaming.StreamTestKit.await;
import static io.sluice.gateway.streaming.StreamTestKit.awaitMounted;
import static io.sluice.gateway.streaming.StreamTestKit.feed;
import static io.sluice.gateway.streaming.StreamTestKit.freePort;
import static io.sluice.gateway.streaming.StreamTestKit.get;
import static org.assertj.core.api.Assertions.assertThat;

/** The http_server output end to end, with real clients: java.net.http (WebSocket, SSE), curl, wscat and raw sockets. */
class HttpServerOutputTest {
    private Stream stream;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) c.close();
        StreamTestKit.stop(stream);
    }

    private String startOutput(String feedName, String extra) throws Exception {
        int port = freePort();
        stream = StreamTestKit.start("""
                input:
                  test_feed: {name: %s}
                pipeline:
                  threads: 1
                output:
                  http_server:
                    address: 127.0.0.1:%d
                %s
                """.formatted(feedName, port, extra.indent(4)));
        String base = "http://127.0.0.1:" + port;
        awaitMounted(base + "/get/stream");
        return base;
    }

    private void awaitConnected(int n) throws InterruptedException {
        await(n + " consumers", Duration.ofSeconds(10), () -> stream.metrics().get(OutputEdge.M_CONNECTED) >= n);
    }

    private static void publish(String feedName, int from, int to) {
        for (int i = from; i <= to; i++) feed(feedName).add(List.of("msg-" + i));
    }

    private static boolean containsAny(Collection<String> got, Set<String> wanted) {
        for (String g : got) if (wanted.contains(g)) return true;
        return false;
    }

    private static List<String> expected(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "msg-" + i).toList();
    }

    /** Reads an SSE stream with java.net.http, keeping data lines and ids. */
    private static final class SseReader {
        final List<String> data = new CopyOnWriteArrayList<>();
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<String> raw = new CopyOnWriteArrayList<>();

        SseReader(String url, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
            if (headers.length > 0) b.headers(headers);
            // The endless body is read on a thread of its own: when the response is already there, thenAccept runs
            // its action on the calling thread, which would then read forever.
            StreamTestKit.HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> Thread.startVirtualThread(() ->
                    r.body().forEach(line -> {
                        raw.add(line);
                        if (line.startsWith("data: ")) data.add(line.substring(6));
                        if (line.startsWith("id: ")) ids.add(line.substring(4));
                    })));
        }
    }

    @Test
    void everyOpenConnectionReceivesEveryMessageInOrder() throws Exception {
        String base = startOutput("fanout", "ws_message_type: text\nheartbeat: 1s");
        String ws = base.replace("http", "ws") + "/get/ws";
        WsClient ws1 = WsClient.connect(ws);
        WsClient ws2 = WsClient.connect(ws);
        SseReader sse = new SseReader(base + "/get/stream");
        StreamTestKit.Proc curl = new StreamTestKit.Proc("curl", "-sN", base + "/get/stream");
        cleanup.add(curl);
        // wscat (npm), a client nobody here wrote; installed when missing, and its absence fails the test.
        StreamTestKit.Proc wscat = new StreamTestKit.Proc(Clients.wscat(), "-c", ws);
        cleanup.add(wscat);
        int clients = 5;
        awaitConnected(clients);

        publish("fanout", 1, 200);
        List<String> want = expected(1, 200);
        StreamTestKit.Proc wc = wscat;
        await("all clients to get 200 messages", Duration.ofSeconds(15), () -> ws1.messages.size() >= 200 && ws2.messages.size() >= 200
                && sse.data.size() >= 200 && curl.lines.size() >= 200 && (wc == null || wc.lines.size() >= 200));
        assertThat(ws1.messages).containsExactlyElementsOf(want);
        assertThat(ws2.messages).containsExactlyElementsOf(want);
        assertThat(sse.data).containsExactlyElementsOf(want);
        assertThat(sse.ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(Integer::toString).toList());
        assertThat(sse.raw).contains("event: message");
        assertThat(curl.lines).containsExactlyElementsOf(want);
        if (wscat != null) assertThat(wscat.lines).containsExactlyElementsOf(want);
        await("all acknowledged", Duration.ofSeconds(5), () -> StreamTestKit.acks("fanout").size() == 200);

        // heartbeats keep idle SSE streams visibly alive
        await("a heartbeat comment", Duration.ofSeconds(5), () -> sse.raw.contains(":"));
        ws1.close();
        ws2.close();
    }

    @Test
    void consumersResumeAfterTheLastIdTheySawWithoutLossOrDuplicates() throws Exception {
        String base = startOutput("resume", "retain: 100\nws_envelope: true");
        publish("resume", 1, 10);
        await("retained", Duration.ofSeconds(5), () -> StreamTestKit.acks("resume").size() == 10);

        // SSE with Last-Event-ID, through curl
        StreamTestKit.Proc curl = new StreamTestKit.Proc("curl", "-sN", "-H", "Accept: text/event-stream", "-H", "Last-Event-ID: 4", base + "/get/stream");
        cleanup.add(curl);
        // WebSocket with ?last_event_id=, ids visible in envelopes
        WsClient ws = WsClient.connect(base.replace("http", "ws") + "/get/ws?last_event_id=7");
        awaitConnected(2);
        publish("resume", 11, 11);
        await("curl to see id 11", Duration.ofSeconds(10), () -> curl.lines.contains("id: 11"));
        List<String> data = curl.lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data).containsExactlyElementsOf(expected(5, 11));
        await("ws to get 4", Duration.ofSeconds(10), () -> ws.messages.size() >= 4);
        assertThat(ws.messages).containsExactly(
                "{\"id\":8,\"data\":\"msg-8\"}", "{\"id\":9,\"data\":\"msg-9\"}", "{\"id\":10,\"data\":\"msg-10\"}", "{\"id\":11,\"data\":\"msg-11\"}");

        // a GET chain: each answer names its id, the next GET continues after it
        HttpResponse<String> first = get(base + "/get?last_event_id=2");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("msg-3");
        String lastId = first.headers().firstValue("X-Sluice-Last-Event-Id").orElseThrow();
        assertThat(lastId).isEqualTo("3");
        assertThat(get(base + "/get?last_event_id=" + lastId).body()).isEqualTo("msg-4");

        assertThat(get(base + "/get/stream?last_event_id=abc").statusCode()).isEqualTo(400);
        ws.close();
    }

    @Test
    void getAnswersWithTheNextMessageOrBatchOrTimesOut() throws Exception {
        String base = startOutput("next", "timeout: 300ms");
        HttpResponse<String> timedOut = get(base + "/get");
        assertThat(timedOut.statusCode()).isEqualTo(408);

        var pending = StreamTestKit.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/get")).build(), HttpResponse.BodyHandlers.ofString());
        awaitConnected(2);
        feed("next").add(List.of("single"));
        HttpResponse<String> one = pending.get(5, TimeUnit.SECONDS);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).isEqualTo("single");
        assertThat(one.headers().firstValue("Content-Type")).hasValue("application/octet-stream");

        pending = StreamTestKit.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/get")).build(), HttpResponse.BodyHandlers.ofString());
        awaitConnected(3);
        feed("next").add(List.of("part-a", "part-b"));
        HttpResponse<String> batch = pending.get(5, TimeUnit.SECONDS);
        String type = batch.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/mixed; boundary=");
        assertThat(batch.body()).contains("part-a").contains("part-b");
        var parts = Multipart.parse(batch.body().getBytes(StandardCharsets.UTF_8), Multipart.boundaryOf(type));
        assertThat(parts).extracting(p -> new String(p, StandardCharsets.UTF_8)).containsExactly("part-a", "part-b");
        assertThat(batch.headers().firstValue("X-Sluice-Last-Event-Id")).hasValue("3");

        HttpResponse<String> wrongVerb = StreamTestKit.post(base + "/get", "x");
        assertThat(wrongVerb.statusCode()).isEqualTo(405);
    }

    /** Opens an SSE request on a raw socket and does not read: the kernel buffers fill, then the server's. */
    private Socket stalledSseClient(String base, String path) throws Exception {
        URI u = URI.create(base);
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setReceiveBufferSize(256 * 1024);
        cleanup.add(s);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static String readAll(Socket s, Duration timeout) throws Exception {
        s.setSoTimeout((int) timeout.toMillis());
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            int n;
            while ((n = in.read(buf)) > 0) all.write(buf, 0, n);
        } catch (SocketTimeoutException done) {
            // nothing more for a while
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Publishes big messages at a pace a healthy client keeps up with (~6 MB/s), far more than a stalled one takes. */
    private static void publishBig(String feedName, int total) throws InterruptedException {
        for (int i = 1; i <= total; i++) {
            feed(feedName).add(List.of(big(i)));
            if (i % 10 == 0) Thread.sleep(50);
        }
    }

    private static String big(int i) {
        return "msg-" + i + "-" + "x".repeat(32 * 1024);
    }

    @Test
    void aSlowConsumerIsDisconnectedAloneAndNeverSlowsTheStream() throws Exception {
        String base = startOutput("slow", "buffer_size: 64\nslow_consumer: disconnect\nws_message_type: text");
        Socket slowSse = stalledSseClient(base, "/get/stream");
        WsClient slowWs = WsClient.connect(base.replace("http", "ws") + "/get/ws", false);
        WsClient fast = WsClient.connect(base.replace("http", "ws") + "/get/ws");
        awaitConnected(3);

        int total = 600; // ~20 MB: far more than socket buffers hold
        publishBig("slow", total);
        // the stream is not held back by the stalled clients: everything is acknowledged, the fast client has it all
        await("all acknowledged", Duration.ofSeconds(20), () -> StreamTestKit.acks("slow").size() == total);
        await("fast client done", Duration.ofSeconds(20), () -> fast.messages.size() == total);
        assertThat(fast.messages.getLast()).startsWith("msg-" + total + "-");
        assertThat(fast.closed).isNotDone();
        await("two slow consumers dropped", Duration.ofSeconds(10), () -> stream.metrics().get(OutputEdge.M_SLOW) == 2);

        slowWs.readAll();
        assertThat(slowWs.closed.get(10, TimeUnit.SECONDS)).startsWith("1008 slow consumer");
        assertThat(slowWs.messages.size()).isLessThan(total);
        String sse = readAll(slowSse, Duration.ofSeconds(2));
        assertThat(sse).contains("event: error").contains("slow consumer: more than 64 messages behind");
        fast.close();
    }

    @Test
    void dropOldestLetsASlowConsumerCatchUpWithAReportedGap() throws Exception {
        String base = startOutput("drop", "buffer_size: 64\nslow_consumer: drop_oldest");
        Socket slow = stalledSseClient(base, "/get/stream");
        SseReader fast = new SseReader(base + "/get/stream");
        awaitConnected(2);
        int total = 400;
        publishBig("drop", total);
        await("all acknowledged", Duration.ofSeconds(20), () -> StreamTestKit.acks("drop").size() == total);
        await("fast reader done", Duration.ofSeconds(20), () -> fast.data.size() == total);

        String seen = readAll(slow, Duration.ofSeconds(2));
        List<Long> ids = seen.lines().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4).trim())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids.getLast()).isEqualTo(total); // caught up with the newest
        assertThat(ids.size()).isLessThan(total);   // but skipped what it could not take
        assertThat(seen).contains(": dropped ");
        assertThat(stream.metrics().get(OutputEdge.M_SLOW)).isZero();
    }

    @Test
    void sharedDeliveryGivesEachMessageToOneConsumer() throws Exception {
        String base = startOutput("shared", "delivery: shared\nws_message_type: text");
        String ws = base.replace("http", "ws") + "/get/ws";
        WsClient a = WsClient.connect(ws);
        WsClient b = WsClient.connect(ws);
        awaitConnected(2);
        publish("shared", 1, 100);
        await("100 delivered", Duration.ofSeconds(10), () -> a.messages.size() + b.messages.size() >= 100);
        // Each consumer gets its messages in order: once both have a marker sent after the 100, a duplicate
        // of any of the 100 would already be in.
        Set<String> markers = new HashSet<>(expected(101, 300));
        for (int m = 101; m <= 300 && !(containsAny(a.messages, markers) && containsAny(b.messages, markers)); m++) {
            publish("shared", m, m);
            int sent = m;
            await("marker " + m + " delivered", Duration.ofSeconds(10),
                    () -> a.messages.contains("msg-" + sent) || b.messages.contains("msg-" + sent));
        }
        assertThat(containsAny(a.messages, markers) && containsAny(b.messages, markers)).as("both consumers got a marker").isTrue();
        Set<String> union = new HashSet<>(a.messages);
        union.removeAll(markers);
        List<String> bFirst100 = b.messages.stream().filter(x -> !markers.contains(x)).toList();
        // (one consumer may have taken all of the 100: then the other's share is empty, which is fine)
        assertThat(bFirst100.stream().filter(union::contains).toList()).as("messages both consumers got").isEmpty();
        union.addAll(bFirst100);
        assertThat(union).containsExactlyInAnyOrderElementsOf(expected(1, 100));
        a.close();
        b.close();
    }

    @Test
    void stoppingTheStreamClosesConsumersAsGoingAway() throws Exception {
        String base = startOutput("stop", "");
        WsClient ws = WsClient.connect(base.replace("http", "ws") + "/get/ws");
        awaitConnected(1);
        feed("stop").add(List.of()); // end of input: the stream drains and stops
        assertThat(ws.closed.get(10, TimeUnit.SECONDS)).startsWith("1001");
        stream.done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void corsPreflightIsAnsweredForAllowedOrigins() throws Exception {
        String base = startOutput("cors", "cors:\n  enabled: true\n  allowed_origins: [\"https://app.example\"]");
        HttpResponse<String> pre = StreamTestKit.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/get/stream"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        HttpResponse<String> other = StreamTestKit.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/get/stream"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
    }
}
