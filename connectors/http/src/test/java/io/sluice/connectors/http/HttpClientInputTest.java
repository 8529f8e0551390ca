package io.sluice.connectors.http;

import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientInputTest {
    private TestServer server;
    private String sink;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        sink = "in-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pollsPacedByARateLimitAndAddsStatusAndHeaders() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.on("/poll", (req, ex) -> {
            int i = n.incrementAndGet();
            TestServer.reply(ex, 200, "{\"n\":" + i + "}", "X-Page", Integer.toString(i), "X-Other", "no");
        });
        Stream s = Harness.stream("""
                input:
                  http_client:
                    url: %s
                    rate_limit: every_150ms
                    extract_headers:
                      include_patterns: [ "^x-page$" ]
                rate_limit_resources:
                  - label: every_150ms
                    local:
                      count: 1
                      interval: 150ms
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/poll"), sink)).start();
        List<Part> got = TestKit.awaitSink(sink, 3, Duration.ofSeconds(5));
        s.stop(Duration.ofSeconds(2));

        assertThat(got.get(0).text()).isEqualTo("{\"n\":1}");
        assertThat(got.get(2).text()).isEqualTo("{\"n\":3}");
        assertThat(got.get(0).meta("http_status_code")).isEqualTo(200L);
        assertThat(got.get(1).meta("x-page")).isEqualTo("2");
        assertThat(got.get(1).meta("x-other")).isNull();
        List<TestServer.Request> reqs = server.requests("/poll");
        for (int i = 1; i < 3; i++) {
            long gapMs = (reqs.get(i).atNanos() - reqs.get(i - 1).atNanos()) / 1_000_000;
            assertThat(gapMs).as("gap between polls").isGreaterThanOrEqualTo(120);
        }
        assertThat(reqs.get(0).method()).isEqualTo("GET");
    }

    @Test
    void paginatesWithTheBodyAndHeadersOfThePreviousAnswer() throws Exception {
        server.on("/items", (req, ex) -> {
            String q = req.uri().getQuery();
            int page = Integer.parseInt(q.substring(q.indexOf('=') + 1));
            String cursor = "c" + page;
            TestServer.reply(ex, 200, "{\"page\":" + page + ",\"next\":" + (page + 1) + "}", "X-Next-Cursor", cursor);
        });
        Stream s = Harness.stream("""
                input:
                  http_client:
                    url: %s?page=${! this.next | 1 }
                    headers:
                      X-Cursor: ${! metadata("x-next-cursor") | "start" }
                    extract_headers:
                      include_prefixes: [ x-next ]
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/items"), sink)).start();
        TestKit.awaitSink(sink, 3, Duration.ofSeconds(5));
        s.stop(Duration.ofSeconds(2));

        List<TestServer.Request> reqs = server.requests("/items");
        assertThat(reqs.subList(0, 3)).extracting(r -> r.uri().getQuery()).containsExactly("page=1", "page=2", "page=3");
        assertThat(reqs.subList(0, 3)).extracting(r -> r.header("X-Cursor")).containsExactly("start", "c1", "c2");
    }

    @Test
    void sendsThePayloadAndDropsEmptyBodies() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.on("/search", (req, ex) -> {
            int i = n.incrementAndGet();
            TestServer.reply(ex, 200, i % 2 == 0 ? "" : "hit " + i);
        });
        Stream s = Harness.stream("""
                input:
                  http_client:
                    url: %s
                    verb: POST
                    payload: '{"query":"foo"}'
                    headers:
                      Content-Type: application/json
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/search"), sink)).start();
        List<Part> got = TestKit.awaitSink(sink, 2, Duration.ofSeconds(5));
        s.stop(Duration.ofSeconds(2));
        assertThat(got.subList(0, 2)).extracting(Part::text).containsExactly("hit 1", "hit 3");
        TestServer.Request first = server.requests("/search").get(0);
        assertThat(first.text()).isEqualTo("{\"query\":\"foo\"}");
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void streamsALongLivedResponseLineByLine() throws Exception {
        server.on("/feed", (req, ex) -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                // Messages must flow while the response is still open.
                TestKit.awaitSink(sink, 2, Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("three\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        Stream s = Harness.runToEnd("""
                input:
                  http_client:
                    url: %s
                    stream:
                      enabled: true
                      reconnect: false
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/feed"), sink), Duration.ofSeconds(10));
        assertThat(TestKit.sink(sink)).extracting(Part::text).containsExactly("one", "two", "three");
        assertThat(server.requests("/feed")).hasSize(1);
        assertThat(s.done()).isDone();
    }

    @Test
    void reconnectsWhenTheServerEndsTheStream() throws Exception {
        AtomicInteger conn = new AtomicInteger();
        server.on("/ticks", (req, ex) -> {
            int c = conn.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(("conn" + c + "-a\nconn" + c + "-b\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        Stream s = Harness.stream("""
                input:
                  http_client:
                    url: %s
                    stream:
                      enabled: true
                      scanner:
                        lines: {}
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/ticks"), sink)).start();
        List<Part> got = TestKit.awaitSink(sink, 4, Duration.ofSeconds(10));
        s.stop(Duration.ofSeconds(2));
        assertThat(got.subList(0, 4)).extracting(Part::text).containsExactly("conn1-a", "conn1-b", "conn2-a", "conn2-b");
        assertThat(s.done().get(3, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void failingPollsAreRetriedAndLoggedNotFatal() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.on("/sometimes", (req, ex) -> {
            int i = n.incrementAndGet();
            if (i <= 2) TestServer.reply(ex, 502, "upstream down");
            else TestServer.reply(ex, 200, "finally");
        });
        Stream s = Harness.stream("""
                input:
                  http_client:
                    url: %s
                    retry_period: 20ms
                    retries: 1
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/sometimes"), sink)).start();
        List<Part> got = TestKit.awaitSink(sink, 1, Duration.ofSeconds(5));
        s.stop(Duration.ofSeconds(2));
        assertThat(got.get(0).text()).isEqualTo("finally");
    }

    @Test
    void rejectedMessagesAreReplayedBeforeNewRequests() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.on("/replay", (req, ex) -> TestServer.reply(ex, 200, "msg " + n.incrementAndGet()));
        Stream s = Harness.stream("""
                input:
                  http_client:
                    url: %s
                output:
                  test_sink:
                    name: %s
                    fail_first: 2
                """.formatted(server.url("/replay"), sink)).start();
        // The first two answers are refused by the output; they must still arrive (nothing is lost).
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !TestKit.sink(sink).stream().map(Part::text).toList().containsAll(List.of("msg 1", "msg 2"))) {
            Thread.sleep(10);
        }
        s.stop(Duration.ofSeconds(2));
        assertThat(TestKit.sink(sink)).extracting(Part::text).contains("msg 1", "msg 2");
    }
}
