package io.sluice.connectors.http;

import io.sluice.core.connect.Multipart;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HttpProcessorTest {
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        server.on("/upper", (req, ex) -> TestServer.reply(ex, 200, req.text().toUpperCase(Locale.ROOT), "X-Served-By", "test", "Content-Type", "text/plain"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void replacesTheContentWithTheAnswerInAPipeline() throws Exception {
        String sink = "proc-" + UUID.randomUUID();
        Harness.runToEnd("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: |
                      root = "ping"
                      meta keep = "yes"
                pipeline:
                  processors:
                    - http:
                        url: %s
                        dump_request_log_level: TRACE
                        extract_headers:
                          include_prefixes: [ x-served ]
                output:
                  test_sink:
                    name: %s
                """.formatted(server.url("/upper"), sink), Duration.ofSeconds(10));
        Part p = TestKit.sink(sink).get(0);
        assertThat(p.text()).isEqualTo("PING");
        assertThat(p.hasError()).isFalse();
        assertThat(p.meta("http_status_code")).isEqualTo(200L);
        assertThat(p.meta("x-served-by")).isEqualTo("test");
        assertThat(p.meta("content-type")).isNull();
        assertThat(p.meta("keep")).isEqualTo("yes");
        assertThat(server.requests("/upper").get(0).method()).isEqualTo("POST");
    }

    @Test
    void failuresFlagTheMessageWithTheStatusAndKeepItsContent() throws Exception {
        server.answer("/gone", 404, "no such thing", "X-Reason", "deleted");
        Processor proc = Harness.processor("""
                http:
                  url: %s
                  retries: 0
                  extract_headers:
                    include_patterns: [ reason ]
                """.formatted(server.url("/gone")));
        Part in = Part.of("original");
        in.setMeta("id", "7");
        List<Batch> out = proc.process(Batch.of(in));
        Part p = out.get(0).get(0);
        assertThat(p.text()).isEqualTo("original");
        assertThat(p.hasError()).isTrue();
        assertThat(p.errorMessage()).contains("404 Not Found").contains("no such thing");
        assertThat(p.meta("http_status_code")).isEqualTo(404L);
        assertThat(p.meta("x-reason")).isEqualTo("deleted");
        assertThat(p.meta("id")).isEqualTo("7");
        proc.close();
    }

    @Test
    void unreachableServerFlagsWithoutStatus() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Processor proc = Harness.processor("""
                http:
                  url: http://127.0.0.1:%d/x
                  retries: 0
                """.formatted(closedPort));
        Part p = proc.process(Batch.ofTexts("a")).get(0).get(0);
        assertThat(p.hasError()).isTrue();
        assertThat(p.errorMessage()).contains("cannot connect");
        assertThat(p.meta("http_status_code")).isNull();
        proc.close();
    }

    @Test
    void sendsBatchMessagesOneByOneInOrder() throws Exception {
        Processor proc = Harness.processor("""
                http:
                  url: %s
                """.formatted(server.url("/upper")));
        List<Batch> out = proc.process(Batch.ofTexts("a", "b", "c"));
        assertThat(out.get(0).parts()).extracting(Part::text).containsExactly("A", "B", "C");
        assertThat(server.requests("/upper")).extracting(TestServer.Request::text).containsExactly("a", "b", "c");
        proc.close();
    }

    @Test
    void parallelSendsTheBatchAtOnce() throws Exception {
        // Each request is answered only once all four have arrived: sent one after another, the first
        // would wait in vain and get a 500.
        CountDownLatch allArrived = new CountDownLatch(4);
        server.on("/slow", (req, ex) -> {
            allArrived.countDown();
            boolean together;
            try {
                together = allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                together = false;
            }
            TestServer.reply(ex, together ? 200 : 500, together ? "done " + req.text() : "requests came one at a time");
        });
        Processor proc = Harness.processor("""
                http:
                  url: %s
                  parallel: true
                  retries: 0
                """.formatted(server.url("/slow")));
        List<Batch> out = proc.process(Batch.ofTexts("1", "2", "3", "4"));
        assertThat(out.get(0).parts()).extracting(Part::errorMessage).as("no request failed").containsOnlyNulls();
        assertThat(out.get(0).parts()).extracting(Part::text).containsExactly("done 1", "done 2", "done 3", "done 4");
        assertThat(server.requests("/slow")).hasSize(4);
        proc.close();
    }

    @Test
    void batchAsMultipartSendsOneRequestAndSplitsAMultipartAnswer() throws Exception {
        server.on("/split", (req, ex) -> {
            List<byte[]> parts = Multipart.parse(req.body(), Multipart.boundaryOf(req.header("Content-Type")));
            List<Multipart.Section> back = parts.stream()
                    .map(b -> new Multipart.Section(List.of(), ("echo " + new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)))
                    .toList();
            Multipart.Body body = Multipart.write(back, "xyz");
            ex.getResponseHeaders().add("Content-Type", "multipart/mixed; boundary=xyz");
            ex.sendResponseHeaders(200, body.bytes().length);
            ex.getResponseBody().write(body.bytes());
        });
        Processor proc = Harness.processor("""
                http:
                  url: %s
                  batch_as_multipart: true
                """.formatted(server.url("/split")));
        Batch in = Batch.ofTexts("x", "y");
        in.get(1).setMeta("second", "yes");
        List<Batch> out = proc.process(in);
        assertThat(out.get(0).parts()).extracting(Part::text).containsExactly("echo x", "echo y");
        assertThat(out.get(0).get(1).meta("second")).isEqualTo("yes");
        assertThat(server.requests("/split")).hasSize(1);
        proc.close();
    }
}
