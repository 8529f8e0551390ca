package io.sluice.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.core.component.Input;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.testkit.TestKit.await;
import static io.sluice.testkit.TestKit.build;
import static io.sluice.testkit.TestKit.failFirst;
import static io.sluice.testkit.TestKit.freePort;
import static io.sluice.testkit.TestKit.requireService;
import static io.sluice.testkit.TestKit.sink;
import static io.sluice.testkit.TestKit.source;
import static io.sluice.testkit.TestKit.startStream;
import static io.sluice.testkit.TestKit.texts;
import static io.sluice.testkit.TestKit.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The core {@code nats} input and output against the real server on 127.0.0.1:4222. */
class NatsTest {
    static final String URL = "nats://127.0.0.1:4222";
    static Connection client;

    @BeforeAll
    static void connect() throws Exception {
        requireService("NATS", "127.0.0.1", 4222);
        client = Nats.connect(URL);
    }

    @AfterAll
    static void close() throws Exception {
        if (client != null) client.close();
    }

    @Test
    void inputReceivesBodySubjectAndHeaders() throws Exception {
        String subject = unique("in"), sink = unique("sink");
        Stream s = startStream("""
                input:
                  nats:
                    urls: [ %s ]
                    subject: %s.*
                    queue: workers
                output:
                  test_sink: { name: %s }
                """.formatted(URL, subject, sink));
        try {
            prime(subject + ".a", sink);
            Headers h = new Headers().add("X-Trace", "abc");
            client.publish(NatsMessage.builder().subject(subject + ".a").headers(h).data("hello", StandardCharsets.UTF_8).build());
            await("message", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
            Part p = sink(sink).get(0);
            assertThat(p.text()).isEqualTo("hello");
            assertThat(p.metaString("nats_subject")).isEqualTo(subject + ".a");
            assertThat(p.metaString("X-Trace")).isEqualTo("abc");
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void rejectedMessageIsReplayedAndRequestIsAckedAfterDelivery() throws Exception {
        String subject = unique("replay"), sink = unique("sink");
        Stream s = startStream("""
                input:
                  nats: { urls: [ %s ], subject: %s }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, subject, sink));
        try {
            prime(subject, sink);
            failFirst(sink, 2);
            Message reply = client.request(subject, "work".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
            assertThat(reply).isNotNull();
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("+ACK");
            assertThat(texts(sink(sink))).containsExactly("work");
            assertThat(sink(sink).get(0).metaString("nats_reply_subject")).isNotBlank();
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void outputPublishesWithHeadersAndSelectedMetadata() throws Exception {
        String subject = unique("out"), source = unique("src");
        Subscription sub = client.subscribe(subject);
        client.flush(Duration.ofSeconds(2));
        Stream s = startStream("""
                input:
                  test_source: { name: %s }
                output:
                  nats:
                    urls: [ %s ]
                    subject: %s
                    headers:
                      Content-Type: application/json
                    metadata:
                      include_prefixes: [ keep_ ]
                """.formatted(source, URL, subject));
        try {
            source(source).add("keep_me=1,drop_me=2|{\"a\":1}");
            Message m = sub.nextMessage(Duration.ofSeconds(10));
            assertThat(m).isNotNull();
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
            assertThat(m.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(m.getHeaders().getFirst("keep_me")).isEqualTo("1");
            assertThat(m.getHeaders().get("drop_me")).isNull();
        } finally {
            s.stop(Duration.ofSeconds(5));
            sub.unsubscribe();
        }
    }

    @Test
    void unreachableServerNamesTheUrlsField() throws Exception {
        int port = freePort();
        Input in = (Input) build(ComponentKind.INPUT, "nats", "urls: [ nats://127.0.0.1:%d ]\nsubject: x\n".formatted(port));
        assertThatThrownBy(in::connect).hasMessageContaining("'urls'").hasMessageContaining("127.0.0.1:" + port);
        in.close();
    }

    @Test
    void authenticationFailureNamesTheAuthField() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.launch("--user", "alice", "--pass", "s3cret")) {
            Input bad = (Input) build(ComponentKind.INPUT, "nats", """
                    urls: [ %s ]
                    subject: x
                    auth: { user: alice, password: wrong }
                    """.formatted(server.url()));
            assertThatThrownBy(bad::connect).hasMessageContaining("'auth'").hasMessageContaining("Authorization Violation");
            bad.close();

            Input good = (Input) build(ComponentKind.INPUT, "nats", """
                    urls: [ %s ]
                    subject: x
                    auth: { user: alice, password: s3cret }
                    """.formatted(server.url()));
            good.connect();
            good.close();
        }
    }

    @Test
    void inputAndOutputSurviveAServerRestart() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.launch()) {
            String subject = unique("restart"), sink = unique("sink"), source = unique("src");
            Stream in = startStream("""
                    input:
                      nats: { urls: [ %s ], subject: %s }
                    output:
                      test_sink: { name: %s }
                    """.formatted(server.url(), subject, sink));
            Stream out = startStream("""
                    input:
                      test_source: { name: %s }
                    output:
                      nats: { urls: [ %s ], subject: %s }
                    """.formatted(source, server.url(), subject));
            try {
                // Both streams subscribe/connect asynchronously: publish until one arrives.
                await("first message", Duration.ofSeconds(10), () -> {
                    source(source).add("before");
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return sink(sink).size() >= 1;
                });
                server.stop();
                Thread.sleep(300);
                server.start();
                // jnats reconnects (and resubscribes) on its own; keep publishing until one arrives.
                await("message after restart", Duration.ofSeconds(20), () -> {
                    source(source).add("after");
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return texts(sink(sink)).contains("after");
                });
            } finally {
                in.stop(Duration.ofSeconds(3));
                out.stop(Duration.ofSeconds(3));
            }
        }
    }

    /** Publishes probes until the stream's subscription is live (it subscribes asynchronously), then forgets them. */
    static void prime(String subject, String sink) throws Exception {
        await("the input's subscription on " + subject, Duration.ofSeconds(10), () -> {
            client.publish(subject, "__probe__".getBytes(StandardCharsets.UTF_8));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return texts(sink(sink)).contains("__probe__");
        });
        // Probes still on their way arrive before this last one (one publisher, one subject): once it is
        // here, clearing the sink forgets them all.
        client.publish(subject, "__primed__".getBytes(StandardCharsets.UTF_8));
        await("the last probe", Duration.ofSeconds(10), () -> texts(sink(sink)).contains("__primed__"));
        sink(sink).clear();
    }

    static List<String> drain(Subscription sub, int n) throws InterruptedException {
        ArrayList<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            if (m == null) break;
            out.add(new String(m.getData(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
