package io.sluice.connectors.http;

import io.sluice.core.connect.Multipart;
import io.sluice.core.component.Output;
import io.sluice.core.component.RateLimit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.message.SyncResponseStore;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpClientOutputTest {
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void roundTripFromGenerateToServer() throws Exception {
        server.answer("/in", 200, "ok");
        Stream s = Harness.runToEnd("""
                input:
                  generate:
                    count: 3
                    interval: ""
                    mapping: |
                      root = {"id": count("round_trip")}
                      meta source = "gen"
                      meta other = "not sent"
                output:
                  http_client:
                    url: %s
                    verb: PUT
                    headers:
                      X-Id: ${! this.id }
                    metadata:
                      include_prefixes: [ sou ]
                """.formatted(server.url("/in")), Duration.ofSeconds(10));

        List<TestServer.Request> reqs = server.requests("/in");
        assertThat(reqs).hasSize(3);
        assertThat(reqs).extracting(TestServer.Request::method).containsOnly("PUT");
        assertThat(reqs).extracting(TestServer.Request::text).containsExactlyInAnyOrder("{\"id\":1}", "{\"id\":2}", "{\"id\":3}");
        for (TestServer.Request r : reqs) {
            assertThat(r.header("X-Id")).isEqualTo(Structured.toText(((Map<?, ?>) Structured.parseJson(r.body())).get("id")));
            assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(r.header("source")).isEqualTo("gen");
            assertThat(r.header("other")).isNull();
        }
        assertThat(s.metrics().get("output_sent")).isEqualTo(3);
    }

    @Test
    void retriesServerErrorsEveryRetryPeriodThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.on("/flaky", (req, ex) -> TestServer.reply(ex, calls.incrementAndGet() <= 2 ? 503 : 200, "try later"));
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retry_period: 100ms
                """.formatted(server.url("/flaky")));
        out.connect();
        out.write(Batch.ofTexts("hello"));

        List<TestServer.Request> reqs = server.requests("/flaky");
        assertThat(reqs).hasSize(3).extracting(TestServer.Request::text).containsOnly("hello");
        // A lower bound only: a retry never comes before retry_period less its 20% jitter; how much
        // later it comes depends on the machine's load, which is not this test's business.
        for (int i = 1; i < reqs.size(); i++) {
            long gapMs = (reqs.get(i).atNanos() - reqs.get(i - 1).atNanos()) / 1_000_000;
            assertThat(gapMs).as("wait before retry %d", i).isGreaterThanOrEqualTo(80L);
        }
        out.close();
    }

    @Test
    void backoffOnStatusesWaitLongerEachTime() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.on("/slow-down", (req, ex) -> TestServer.reply(ex, calls.incrementAndGet() <= 3 ? 429 : 201, ""));
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retry_period: 60ms
                  max_retry_backoff: 1s
                  retries: 5
                """.formatted(server.url("/slow-down")));
        out.write(Batch.ofTexts("x"));

        List<TestServer.Request> reqs = server.requests("/slow-down");
        assertThat(reqs).hasSize(4);
        // Lower bounds only (60ms, then doubled, less 20% jitter): each wait is longer than the
        // previous one could be, so a wait that does not grow fails; load can only lengthen them.
        long g1 = (reqs.get(1).atNanos() - reqs.get(0).atNanos()) / 1_000_000;
        long g2 = (reqs.get(2).atNanos() - reqs.get(1).atNanos()) / 1_000_000;
        long g3 = (reqs.get(3).atNanos() - reqs.get(2).atNanos()) / 1_000_000;
        assertThat(g1).as("first wait").isGreaterThanOrEqualTo(48);
        assertThat(g2).as("second wait").isGreaterThanOrEqualTo(96);
        assertThat(g3).as("third wait").isGreaterThanOrEqualTo(192);
        out.close();
    }

    @Test
    void exhaustedRetriesFailTheWriteWithTheServersAnswer() throws Exception {
        server.answer("/broken", 500, "database is on fire");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retry_period: 10ms
                  retries: 2
                """.formatted(server.url("/broken")));
        assertThatThrownBy(() -> out.write(Batch.ofTexts("x")))
                .hasMessageContaining("POST " + server.url("/broken"))
                .hasMessageContaining("500 Internal Server Error")
                .hasMessageContaining("database is on fire");
        assertThat(server.requests("/broken")).hasSize(3);
        out.close();
    }

    @Test
    void dropOnFailsAtOnceWithoutRetries() throws Exception {
        server.answer("/reject", 400, "bad payload");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  retry_period: 10ms
                  retries: 5
                  drop_on: [ 400 ]
                """.formatted(server.url("/reject")));
        assertThatThrownBy(() -> out.write(Batch.ofTexts("x"))).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("400 Bad Request").hasMessageContaining("bad payload");
        assertThat(server.requests("/reject")).hasSize(1);
        out.close();
    }

    @Test
    void successfulOnAcceptsOtherStatuses() throws Exception {
        server.answer("/conflict", 409, "already there");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  successful_on: [ 409 ]
                """.formatted(server.url("/conflict")));
        out.write(Batch.ofTexts("x"));
        assertThat(server.requests("/conflict")).hasSize(1);
        out.close();
    }

    @Test
    void rejectedWritesAreDeliveredAgainUntilAccepted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.on("/eventually", (req, ex) -> TestServer.reply(ex, calls.incrementAndGet() <= 3 ? 500 : 200, ""));
        // retries: 0 makes each failure reach the engine: the input delivers the message again.
        Harness.runToEnd("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: root = "must arrive"
                output:
                  http_client:
                    url: %s
                    retries: 0
                """.formatted(server.url("/eventually")), Duration.ofSeconds(20));
        List<TestServer.Request> reqs = server.requests("/eventually");
        assertThat(reqs).hasSize(4).extracting(TestServer.Request::text).containsOnly("must arrive");
    }

    @Test
    void batchAsMultipartSendsOneRequestPerBatch() throws Exception {
        server.answer("/multi", 200, "");
        Harness.runToEnd("""
                input:
                  generate:
                    count: 3
                    interval: ""
                    mapping: |
                      root = "part " + count("multi").string()
                      meta kind = "letter"
                output:
                  http_client:
                    url: %s
                    batch_as_multipart: true
                    headers:
                      Content-Type: text/plain
                    metadata:
                      include_patterns: [ "^kind$" ]
                    batching:
                      count: 3
                """.formatted(server.url("/multi")), Duration.ofSeconds(10));
        List<TestServer.Request> reqs = server.requests("/multi");
        assertThat(reqs).hasSize(1);
        TestServer.Request r = reqs.get(0);
        String ct = r.header("Content-Type");
        assertThat(ct).startsWith("multipart/form-data; boundary=");
        List<byte[]> parts = Multipart.parse(r.body(), Multipart.boundaryOf(ct));
        assertThat(parts).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactlyInAnyOrder("part 1", "part 2", "part 3");
        assertThat(r.text()).contains("Content-Type: text/plain").contains("kind: letter");
    }

    @Test
    void batchesWithoutMultipartAreSentMessageByMessage() throws Exception {
        server.answer("/each", 200, "");
        Harness.runToEnd("""
                input:
                  generate:
                    count: 4
                    interval: ""
                    mapping: root = "m" + count("each").string()
                output:
                  http_client:
                    url: %s
                    batching:
                      count: 2
                """.formatted(server.url("/each")), Duration.ofSeconds(10));
        assertThat(server.requests("/each")).extracting(TestServer.Request::text).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
    }

    @Test
    void batchesCanBeSentAsOneJsonArray() throws Exception {
        server.answer("/array", 200, "");
        Harness.runToEnd("""
                input:
                  generate:
                    count: 3
                    interval: ""
                    mapping: 'root = {"n": count("array")}'
                output:
                  http_client:
                    url: %s
                    headers:
                      Content-Type: application/json
                    batching:
                      count: 3
                      processors:
                        - test_json_array: {}
                """.formatted(server.url("/array")), Duration.ofSeconds(10));
        List<TestServer.Request> reqs = server.requests("/array");
        assertThat(reqs).hasSize(1);
        assertThat(reqs.get(0).header("Content-Type")).isEqualTo("application/json");
        assertThat(Structured.parseJson(reqs.get(0).body())).asList().hasSize(3);
    }

    @Test
    void explicitMultipartPartsAreRenderedPerMessage() throws Exception {
        server.answer("/upload", 200, "");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  multipart:
                    - content_type: application/json
                      content_disposition: 'form-data; name="doc"'
                      body: ${! this.doc }
                    - content_type: text/plain
                      content_disposition: 'form-data; name="name"; filename="${! @name }"'
                      body: ${! @name }
                """.formatted(server.url("/upload")));
        Part p = Part.of("{\"doc\":{\"a\":1}}");
        p.setMeta("name", "report.txt");
        out.write(Batch.of(p));
        TestServer.Request r = server.requests("/upload").get(0);
        List<byte[]> parts = Multipart.parse(r.body(), Multipart.boundaryOf(r.header("Content-Type")));
        assertThat(parts).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("{\"a\":1}", "report.txt");
        assertThat(r.text()).contains("Content-Disposition: form-data; name=\"name\"; filename=\"report.txt\"");
        out.close();
    }

    @Test
    void unreachableHostNamesTheUrlAndTheCause() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Output out = Harness.output("""
                http_client:
                  url: http://127.0.0.1:%d/nothing
                  retries: 1
                  retry_period: 10ms
                """.formatted(closedPort));
        out.connect(); // lazy: nothing is contacted yet
        assertThatThrownBy(() -> out.write(Batch.ofTexts("x")))
                .hasMessageContaining("POST http://127.0.0.1:" + closedPort + "/nothing")
                .hasMessageContaining("cannot connect")
                .hasMessageContaining("check url");
        out.close();
    }

    @Test
    void invalidUrlIsAConfigErrorOnTheUrlField() {
        assertThatThrownBy(() -> Harness.output("""
                http_client:
                  url: "ftp://example.com/x"
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("url").hasMessageContaining("scheme must be http or https");
        assertThatThrownBy(() -> Harness.output("""
                http_client:
                  url: "http://exa mple.com:notaport/x"
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("http_client.url");
        assertThatThrownBy(() -> Harness.output("""
                http_client:
                  url: http://localhost/x
                  rate_limit: nope
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("rate_limit").hasMessageContaining("'nope' was not found");
    }

    @Test
    void rateLimitPacesRequests() throws Exception {
        server.answer("/paced", 200, "");
        AtomicInteger n = new AtomicInteger();
        long start = System.nanoTime();
        RateLimit everyOther = () -> n.incrementAndGet() % 2 == 0 ? Duration.ofMillis(100) : Duration.ZERO;
        Output out = (Output) Harness.build(ComponentKind.OUTPUT, """
                http_client:
                  url: %s
                  rate_limit: pace
                """.formatted(server.url("/paced")), Map.of("pace", everyOther));
        out.write(Batch.ofTexts("a"));
        out.write(Batch.ofTexts("b"));
        assertThat(server.requests("/paced")).hasSize(2);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(95);
        out.close();
    }

    // ---- propagate_response ----

    /** A message whose publisher waits for an answer: it carries {@code store}, as the http_server input does. */
    private static Part published(String text, SyncResponseStore store) {
        Part p = Part.of(text);
        p.setMeta("origin", "publisher");
        p.context().put(SyncResponseStore.class, store);
        return p;
    }

    /** Answers with the request body upper-cased, status 201, and headers a filter can pick from. */
    private void upperCaseEcho(String path) {
        server.on(path, (req, ex) -> TestServer.reply(ex, 201, req.text().toUpperCase(Locale.ROOT),
                "X-Seen", req.text(), "Other-Header", "not extracted"));
    }

    @Test
    void propagateResponseStoresEachAnswerWithTheMessageThatWasSent() throws Exception {
        upperCaseEcho("/echo");
        Output out = Harness.output("""
                http_client:
                  url: %s
                  propagate_response: true
                  extract_headers:
                    include_prefixes: [ x- ]
                """.formatted(server.url("/echo")));
        // Two publishers whose messages ended up in one batch: each gets the answers to its own messages.
        SyncResponseStore first = new SyncResponseStore();
        SyncResponseStore second = new SyncResponseStore();
        out.write(Batch.of(published("a", first), published("b", first), published("c", second)));

        assertThat(server.requests("/echo")).extracting(TestServer.Request::text).containsExactly("a", "b", "c");
        assertThat(first.parts()).extracting(Part::text).containsExactly("A", "B");
        assertThat(second.parts()).extracting(Part::text).containsExactly("C");
        Part answer = second.parts().getFirst();
        assertThat(answer.meta("http_status_code")).isEqualTo(201L);
        assertThat(answer.meta("x-seen")).isEqualTo("c");
        assertThat(answer.metadata()).doesNotContainKey("other-header");
        assertThat(answer.meta("origin")).as("the message keeps its own metadata").isEqualTo("publisher");
        out.close();
    }

    @Test
    void propagateResponseWithMultipartBatchesMapsAnswerPartsToMessagesInOrder() throws Exception {
        Multipart.Body threeParts = Multipart.write(List.of(
                new Multipart.Section(List.of(), "one".getBytes(StandardCharsets.UTF_8)),
                new Multipart.Section(List.of(), "two".getBytes(StandardCharsets.UTF_8)),
                new Multipart.Section(List.of(), "three".getBytes(StandardCharsets.UTF_8))));
        server.answer("/parts", 200, new String(threeParts.bytes(), StandardCharsets.UTF_8), "Content-Type", threeParts.contentType());
        server.answer("/single", 200, "just one");
        String config = """
                http_client:
                  url: %s
                  batch_as_multipart: true
                  propagate_response: true
                """;

        // A multipart answer: part i goes to message i, parts beyond the batch to the first message.
        Output out = Harness.output(config.formatted(server.url("/parts")));
        SyncResponseStore s1 = new SyncResponseStore();
        SyncResponseStore s2 = new SyncResponseStore();
        out.write(Batch.of(published("x", s1), published("y", s2)));
        assertThat(server.requests("/parts")).hasSize(1);
        assertThat(s1.parts()).extracting(Part::text).containsExactly("one", "three");
        assertThat(s2.parts()).extracting(Part::text).containsExactly("two");
        assertThat(s2.parts().getFirst().meta("http_status_code")).isEqualTo(200L);
        out.close();

        // A single-part answer belongs to the first message only.
        out = Harness.output(config.formatted(server.url("/single")));
        SyncResponseStore s3 = new SyncResponseStore();
        SyncResponseStore s4 = new SyncResponseStore();
        out.write(Batch.of(published("x", s3), published("y", s4)));
        assertThat(s3.parts()).extracting(Part::text).containsExactly("just one");
        assertThat(s4.isEmpty()).isTrue();
        out.close();
    }

    @Test
    void propagateResponseStoresNothingWhenARequestOfTheBatchFails() throws Exception {
        server.on("/picky", (req, ex) -> TestServer.reply(ex, req.text().equals("bad") ? 400 : 200, "answer to " + req.text()));
        Output out = Harness.output("""
                http_client:
                  url: %s
                  propagate_response: true
                  drop_on: [ 400 ]
                """.formatted(server.url("/picky")));
        SyncResponseStore store = new SyncResponseStore();
        assertThatThrownBy(() -> out.write(Batch.of(published("good", store), published("bad", store))))
                .isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("400 Bad Request");
        assertThat(server.requests("/picky")).extracting(TestServer.Request::text).containsExactly("good", "bad");
        // The batch is rejected as a whole: the answer to "good" must not reach the publisher (nor twice, on a retry).
        assertThat(store.isEmpty()).isTrue();

        out.write(Batch.of(published("good", store)));
        assertThat(store.parts()).extracting(Part::text).containsExactly("answer to good");
        out.close();
    }

    @Test
    void withoutPropagateResponseNothingIsStored() throws Exception {
        upperCaseEcho("/quiet");
        Output out = Harness.output("""
                http_client:
                  url: %s
                """.formatted(server.url("/quiet")));
        SyncResponseStore store = new SyncResponseStore();
        out.write(Batch.of(published("a", store)));
        assertThat(server.requests("/quiet")).hasSize(1);
        assertThat(store.isEmpty()).isTrue();
        out.close();
    }

    @Test
    void propagateResponseIgnoresMessagesFromInputsThatCannotAnswer() throws Exception {
        upperCaseEcho("/nostore");
        // generate puts no store on its messages: every message is still delivered and acknowledged.
        Stream s = Harness.runToEnd("""
                input:
                  generate:
                    count: 4
                    interval: ""
                    mapping: root = "m" + count("nostore").string()
                output:
                  http_client:
                    url: %s
                    propagate_response: true
                    batching:
                      count: 2
                """.formatted(server.url("/nostore")), Duration.ofSeconds(10));
        assertThat(server.requests("/nostore")).extracting(TestServer.Request::text).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
        assertThat(s.metrics().get("output_sent")).isEqualTo(4);
        assertThat(s.metrics().get("output_error")).isZero();

        // A batch that mixes both: the answerable message gets its answer, the other is skipped.
        Output out = Harness.output("""
                http_client:
                  url: %s
                  propagate_response: true
                """.formatted(server.url("/nostore")));
        SyncResponseStore store = new SyncResponseStore();
        out.write(Batch.of(Part.of("plain"), published("asked", store)));
        assertThat(store.parts()).extracting(Part::text).containsExactly("ASKED");
        out.close();
    }
}
