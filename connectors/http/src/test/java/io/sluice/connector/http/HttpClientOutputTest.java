package io.sluice.connector.http;

import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
            assertThat(r.header("X-Id")).isEqualTo(Structured.toText(((java.util.Map<?, ?>) Structured.parseJson(r.body())).get("id")));
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
        for (int i = 1; i < reqs.size(); i++) {
            long gapMs = (reqs.get(i).atNanos() - reqs.get(i - 1).atNanos()) / 1_000_000;
            assertThat(gapMs).as("wait before retry %d", i).isBetween(75L, 400L);
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
        long g1 = reqs.get(1).atNanos() - reqs.get(0).atNanos();
        long g2 = reqs.get(2).atNanos() - reqs.get(1).atNanos();
        long g3 = reqs.get(3).atNanos() - reqs.get(2).atNanos();
        assertThat(g2).isGreaterThan(g1);
        assertThat(g3).isGreaterThan(g2);
        assertThat(g3 / 1_000_000).isGreaterThanOrEqualTo(190); // 60ms doubled twice, minus jitter
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
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
        io.sluice.core.component.RateLimit everyOther = () -> n.incrementAndGet() % 2 == 0 ? Duration.ofMillis(100) : Duration.ZERO;
        Output out = (Output) Harness.build(io.sluice.core.spec.ComponentKind.OUTPUT, """
                http_client:
                  url: %s
                  rate_limit: pace
                """.formatted(server.url("/paced")), java.util.Map.of("pace", everyOther));
        out.write(Batch.ofTexts("a"));
        out.write(Batch.ofTexts("b"));
        assertThat(server.requests("/paced")).hasSize(2);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(95);
        out.close();
    }
}
