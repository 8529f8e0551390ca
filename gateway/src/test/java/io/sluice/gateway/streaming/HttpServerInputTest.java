package io.sluice.gateway.streaming;

import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import io.sluice.gateway.streaming.edge.OutputEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sluice.gateway.streaming.StreamTestKit.await;
import static io.sluice.gateway.streaming.StreamTestKit.awaitMounted;
import static io.sluice.gateway.streaming.StreamTestKit.freePort;
import static io.sluice.gateway.streaming.StreamTestKit.post;
import static io.sluice.gateway.streaming.StreamTestKit.postBatchOfTwo;
import static io.sluice.gateway.streaming.StreamTestKit.sink;
import static io.sluice.gateway.streaming.StreamTestKit.sinkTexts;
import static org.assertj.core.api.Assertions.assertThat;

/** The http_server input and sync_response end to end, with curl and java.net.http clients. */
class HttpServerInputTest {
    private Stream stream;
    private String base;

    @AfterEach
    void tearDown() {
        StreamTestKit.stop(stream);
    }

    private void start(String input, String pipeline, String output) throws Exception {
        int port = freePort();
        stream = StreamTestKit.start("""
                rate_limit_resources:
                  - label: one_per_test
                    test_limit: {allow: 1}
                input:
                  http_server:
                    address: 127.0.0.1:%d
                %s
                pipeline:
                  threads: 1
                  processors: %s
                output:
                %s
                """.formatted(port, input.indent(4), pipeline, output.indent(2)));
        base = "http://127.0.0.1:" + port;
        awaitMounted(base + "/post");
    }

    @Test
    void aPostIsAnsweredOnlyAfterTheOutputAcceptedItAndCarriesRequestMetadata() throws Exception {
        start("", "[]", "test_sink: {name: accepted, delay: 300ms}");
        long started = System.nanoTime();
        try (StreamTestKit.Proc curl = new StreamTestKit.Proc("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "X-Custom: yes", "-d", "hello", base + "/post?source=curl")) {
            List<String> out = curl.waitForExit(Duration.ofSeconds(10));
            assertThat(out).containsExactly("200");
        }
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(sinkTexts("accepted")).containsExactly("hello");
        Part p = sink("accepted").getFirst();
        assertThat(p.metaString("http_server_verb")).isEqualTo("POST");
        assertThat(p.metaString("http_server_request_path")).isEqualTo("/post");
        assertThat(p.metaString("http_server_remote_ip")).isEqualTo("127.0.0.1");
        assertThat(p.metaString("http_server_user_agent")).startsWith("curl/");
        assertThat(p.metaString("source")).isEqualTo("curl");
        assertThat(p.metaString("X-Custom")).isEqualTo("yes");

        assertThat(StreamTestKit.get(base + "/post").statusCode()).isEqualTo(405);
    }

    @Test
    void aRejectedMessageIs502AndASlowOneIs408() throws Exception {
        start("timeout: 300ms", "[]", "test_sink: {name: refused, fail: true}");
        HttpResponse<String> refused = post(base + "/post", "x");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).contains("sink refused the message");
        StreamTestKit.stop(stream);

        start("timeout: 200ms", "[]", "test_sink: {name: late, delay: 1s}");
        HttpResponse<String> late = post(base + "/post", "y");
        assertThat(late.statusCode()).isEqualTo(408);
        await("the late message still delivered", Duration.ofSeconds(5), () -> sinkTexts("late").contains("y"));
    }

    @Test
    void theSyncResponseOutputAnswersWithTheProcessedMessage() throws Exception {
        start("""
                sync_response:
                  status: "201"
                  headers:
                    Content-Type: text/plain
                    X-Served-By: sluice
                  metadata_headers:
                    include_prefixes: [http_server_verb]
                """, "[{test_upper: {}}]", "sync_response: {}");
        HttpResponse<String> r = post(base + "/post", "hello world");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("HELLO WORLD");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("X-Served-By")).hasValue("sluice");
        assertThat(r.headers().firstValue("http_server_verb")).hasValue("POST");

        // a multipart body is a batch, and so is the answer
        assertThat(postBatchOfTwo(base + "/post")).containsExactly("ONE", "TWO");
    }

    @Test
    void theSyncResponseProcessorAnswersWhileTheMessageGoesOn() throws Exception {
        start("", "[{test_upper: {}}, {sync_response: {}}]", "test_sink: {name: onwards}");
        HttpResponse<String> r = post(base + "/post", "abc");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ABC");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(sinkTexts("onwards")).containsExactly("ABC");
    }

    @Test
    void theRateLimitAnswers429WithRetryAfter() throws Exception {
        start("rate_limit: one_per_test", "[]", "test_sink: {name: limited}");
        assertThat(post(base + "/post", "first").statusCode()).isEqualTo(200);
        HttpResponse<String> second = post(base + "/post", "second");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(sinkTexts("limited")).containsExactly("first");
    }

    @Test
    void aWebSocketPublishesMessagesAndGetsSyncResponses() throws Exception {
        start("ws_welcome_message: welcome", "[{test_upper: {}}]", "sync_response: {}");
        WsClient ws = WsClient.connect(base.replace("http", "ws") + "/post/ws");
        await("welcome", Duration.ofSeconds(5), () -> !ws.messages.isEmpty());
        ws.send("a");
        ws.send("b");
        ws.send("c");
        await("replies", Duration.ofSeconds(5), () -> ws.messages.size() >= 4);
        assertThat(ws.messages).containsExactly("welcome", "A", "B", "C");
        ws.close();
    }

    @Test
    void anInputAndAnOutputShareOneServerToMakeAStreamApi() throws Exception {
        int port = freePort();
        stream = StreamTestKit.start("""
                input:
                  http_server:
                    address: 127.0.0.1:%d
                pipeline:
                  threads: 1
                output:
                  http_server:
                    address: 127.0.0.1:%d
                    ws_message_type: text
                """.formatted(port, port));
        base = "http://127.0.0.1:" + port;
        awaitMounted(base + "/post");
        awaitMounted(base + "/get/stream");
        WsClient a = WsClient.connect("ws://127.0.0.1:" + port + "/get/ws");
        WsClient b = WsClient.connect("ws://127.0.0.1:" + port + "/get/ws");
        await("consumers", Duration.ofSeconds(5), () -> stream.metrics().get(OutputEdge.M_CONNECTED) >= 2);
        for (String m : List.of("one", "two", "three")) assertThat(post(base + "/post", m).statusCode()).isEqualTo(200);
        await("both consumers", Duration.ofSeconds(5), () -> a.messages.size() == 3 && b.messages.size() == 3);
        assertThat(a.messages).containsExactly("one", "two", "three");
        assertThat(b.messages).containsExactly("one", "two", "three");
        a.close();
        b.close();
    }
}
