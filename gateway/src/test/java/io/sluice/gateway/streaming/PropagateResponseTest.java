package io.sluice.gateway.streaming;

import com.sun.net.httpserver.HttpServer;
import io.sluice.core.connect.Multipart;
import io.sluice.core.engine.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sluice.gateway.streaming.StreamTestKit.awaitMounted;
import static io.sluice.gateway.streaming.StreamTestKit.freePort;
import static io.sluice.gateway.streaming.StreamTestKit.post;
import static io.sluice.gateway.streaming.StreamTestKit.postBatchOfTwo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a publisher POSTs to an {@code http_server} input, the {@code http_client} output sends the message to an
 * upstream with {@code propagate_response: true}, and the publisher is answered with what the upstream said.
 */
class PropagateResponseTest {
    private HttpServer upstream;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private Stream stream;
    private String base;

    /**
     * The upstream: answers 201 with each body upper-cased and an X-Upstream header; a body "fail" gets a 400. A
     * multipart request (a batch) gets a multipart answer, one part per part, in order.
     */
    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/transform", ex -> {
            try (ex) {
                requests.incrementAndGet();
                byte[] raw = ex.getRequestBody().readAllBytes();
                String boundary = Multipart.boundaryOf(ex.getRequestHeaders().getFirst("Content-Type"));
                List<String> bodies = boundary == null ? List.of(new String(raw, StandardCharsets.UTF_8))
                        : Multipart.parse(raw, boundary).stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
                received.addAll(bodies);
                boolean fail = bodies.contains("fail");
                List<byte[]> answers = bodies.stream().map(b -> ("transformed: " + b.toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8)).toList();
                byte[] answer;
                if (fail) {
                    answer = "cannot transform".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "text/plain");
                } else if (boundary == null) {
                    answer = answers.getFirst();
                    ex.getResponseHeaders().add("Content-Type", "text/plain");
                } else {
                    Multipart.Body enc = Multipart.write(answers.stream()
                            .map(a -> new Multipart.Section(List.of(Map.entry("Content-Type", "text/plain")), a)).toList(),
                            Multipart.newBoundary(), "mixed");
                    answer = enc.bytes();
                    ex.getResponseHeaders().add("Content-Type", enc.contentType());
                }
                ex.getResponseHeaders().add("X-Upstream", "seen " + String.join(",", bodies));
                ex.sendResponseHeaders(fail ? 400 : 201, answer.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        upstream.start();
    }

    @AfterEach
    void tearDown() {
        StreamTestKit.stop(stream);
        upstream.stop(0);
    }

    private void start(String outputExtras) throws Exception {
        int port = freePort();
        stream = StreamTestKit.start("""
                input:
                  http_server:
                    address: 127.0.0.1:%d
                    path: /post
                    sync_response:
                      status: ${! @http_status_code }
                      headers:
                        Content-Type: text/plain
                      metadata_headers:
                        include_prefixes: [ x-upstream ]
                output:
                  http_client:
                    url: http://127.0.0.1:%d/transform
                    propagate_response: true
                    retries: 0
                    drop_on: [ 400 ]
                    extract_headers:
                      include_prefixes: [ x-upstream ]
                %s
                """.formatted(port, upstream.getAddress().getPort(), outputExtras.indent(4)));
        base = "http://127.0.0.1:" + port;
        awaitMounted(base + "/post");
    }

    @Test
    void thePublisherReceivesTheUpstreamsAnswer() throws Exception {
        start("");
        HttpResponse<String> r = post(base + "/post", "hello");
        assertThat(received).containsExactly("hello");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("transformed: HELLO");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("x-upstream")).hasValue("seen hello");

        // A multipart POST is a batch: each message goes upstream on its own, and the answer holds both replies in order.
        assertThat(postBatchOfTwo(base + "/post")).containsExactly("transformed: ONE", "transformed: TWO");
        assertThat(requests).as("one request per message").hasValue(3);
    }

    @Test
    void publishersBatchedTogetherEachGetTheirOwnAnswer() throws Exception {
        // One multipart request for the three publishers; the upstream's answer has one part per message.
        start("""
                batch_as_multipart: true
                batching:
                  count: 3
                  period: 10s
                """);
        List<String> answers = new ArrayList<>();
        try (ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor()) {
            // Three publishers at once, so that their messages share one output batch.
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (String word : List.of("red", "green", "blue")) calls.add(publishers.submit(() -> post(base + "/post", word)));
            for (Future<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.get();
                assertThat(r.statusCode()).isEqualTo(201);
                answers.add(r.body());
            }
        }
        assertThat(answers).containsExactly("transformed: RED", "transformed: GREEN", "transformed: BLUE");
        assertThat(received).containsExactlyInAnyOrder("red", "green", "blue");
        assertThat(requests).as("one request for the whole batch").hasValue(1);
    }

    @Test
    void aFailedUpstreamRequestIsA502ForThePublisher() throws Exception {
        start("");
        HttpResponse<String> r = post(base + "/post", "fail");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("400 Bad Request").contains("cannot transform");
        assertThat(received).containsExactly("fail");
    }
}
