package io.sluice.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.testkit.TestKit.await;
import static io.sluice.testkit.TestKit.build;
import static io.sluice.testkit.TestKit.failFirst;
import static io.sluice.testkit.TestKit.requireService;
import static io.sluice.testkit.TestKit.sink;
import static io.sluice.testkit.TestKit.source;
import static io.sluice.testkit.TestKit.startStream;
import static io.sluice.testkit.TestKit.texts;
import static io.sluice.testkit.TestKit.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code nats_jetstream} input and output against the real JetStream-enabled server on 127.0.0.1:4222. */
class JetStreamTest {
    static final String URL = "nats://127.0.0.1:4222";
    static Connection client;
    static JetStreamManagement jsm;
    static final List<String> streams = new ArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        requireService("NATS JetStream", "127.0.0.1", 4222);
        client = Nats.connect(URL);
        jsm = client.jetStreamManagement();
    }

    @AfterAll
    static void cleanup() throws Exception {
        for (String s : streams) {
            try {
                jsm.deleteStream(s);
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (client != null) client.close();
    }

    static String createStream(String subject) throws Exception {
        String name = unique("S").toUpperCase();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subject).storageType(StorageType.Memory).build());
        streams.add(name);
        return name;
    }

    @Test
    void roundTripWithMetadataAndAckAfterDelivery() throws Exception {
        String subject = unique("js"), sink = unique("sink");
        String stream = createStream(subject);
        for (int i = 0; i < 3; i++) client.jetStream().publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
        Stream s = startStream("""
                input:
                  nats_jetstream:
                    urls: [ %s ]
                    subject: %s
                    durable: dur
                    deliver: all
                output:
                  test_sink: { name: %s }
                """.formatted(URL, subject, sink));
        try {
            await("3 messages", Duration.ofSeconds(10), () -> sink(sink).size() == 3);
            // two pipeline threads may reorder; the stream sequence tells the original order
            assertThat(texts(sink(sink))).containsExactlyInAnyOrder("m0", "m1", "m2");
            Part first = sink(sink).stream().filter(p -> p.text().equals("m0")).findFirst().orElseThrow();
            assertThat(first.metaString("nats_subject")).isEqualTo(subject);
            assertThat(first.metaString("nats_sequence_stream")).isEqualTo("1");
            assertThat(first.metaString("nats_sequence_consumer")).isEqualTo("1");
            assertThat(first.metaString("nats_num_delivered")).isEqualTo("1");
            assertThat(first.metaString("nats_num_pending")).isEqualTo("2");
            assertThat(Long.parseLong(first.metaString("nats_timestamp_unix_nano"))).isPositive();
            await("all acked", Duration.ofSeconds(10), () -> {
                try {
                    ConsumerInfo ci = jsm.getConsumerInfo(stream, "dur");
                    return ci.getNumAckPending() == 0 && ci.getAckFloor().getStreamSequence() == 3;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void rejectedMessageIsNakedAndRedelivered() throws Exception {
        String subject = unique("jsnak"), sink = unique("sink");
        createStream(subject);
        client.jetStream().publish(subject, "retry-me".getBytes(StandardCharsets.UTF_8));
        failFirst(sink, 1);
        Stream s = startStream("""
                input:
                  nats_jetstream: { urls: [ %s ], subject: %s }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, subject, sink));
        try {
            await("redelivery", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
            assertThat(sink(sink).get(0).text()).isEqualTo("retry-me");
            assertThat(sink(sink).get(0).metaString("nats_num_delivered")).isEqualTo("2");
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void bindsToAnExistingPullConsumer() throws Exception {
        String subject = unique("jspull"), sink = unique("sink");
        String stream = createStream(subject);
        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("puller").filterSubject(subject).build());
        client.jetStream().publish(subject, "pulled".getBytes(StandardCharsets.UTF_8));
        Stream s = startStream("""
                input:
                  nats_jetstream: { urls: [ %s ], stream: %s, durable: puller, bind: true }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, stream, sink));
        try {
            await("pulled message", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
            assertThat(sink(sink).get(0).text()).isEqualTo("pulled");
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void outputWaitsForPublishAcks() throws Exception {
        String subject = unique("jsout"), source = unique("src");
        String stream = createStream(subject + ".>");
        Stream s = startStream("""
                input:
                  test_source: { name: %s }
                output:
                  nats_jetstream:
                    urls: [ %s ]
                    subject: %s.x
                    headers: { Kind: test }
                """.formatted(source, URL, subject));
        try {
            for (int i = 0; i < 5; i++) source(source).add("p" + i);
            await("5 stored", Duration.ofSeconds(10), () -> {
                try {
                    return jsm.getStreamInfo(stream).getStreamState().getMsgCount() == 5;
                } catch (Exception e) {
                    return false;
                }
            });
            List<String> bodies = new ArrayList<>();
            for (long seq = 1; seq <= 5; seq++) {
                var stored = jsm.getMessage(stream, seq);
                bodies.add(new String(stored.getData(), StandardCharsets.UTF_8));
                assertThat(stored.getHeaders().getFirst("Kind")).isEqualTo("test");
            }
            // up to max_in_flight writes run at once, so the order in the stream may differ
            assertThat(bodies).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4");
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void durableConsumerResumesAfterAServerRestart() throws Exception {
        Path store = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "js-store");
        try (NatsServerProcess server = NatsServerProcess.launch("-js", "-sd", store.toString())) {
            String subject = unique("jsrestart"), sink = unique("sink"), source = unique("src");
            Connection c = Nats.connect(server.url());
            c.jetStreamManagement().addStream(StreamConfiguration.builder().name("RESTART").subjects(subject).storageType(StorageType.File).build());
            c.close();
            Stream in = startStream("""
                    input:
                      nats_jetstream: { urls: [ %s ], subject: %s, durable: keep }
                    output:
                      test_sink: { name: %s }
                    """.formatted(server.url(), subject, sink));
            Stream out = startStream("""
                    input:
                      test_source: { name: %s }
                    output:
                      nats_jetstream: { urls: [ %s ], subject: %s }
                    """.formatted(source, server.url(), subject));
            try {
                source(source).add("before");
                await("before", Duration.ofSeconds(10), () -> texts(sink(sink)).contains("before"));
                server.stop();
                source(source).add("during"); // the output retries until the server is back
                Thread.sleep(500);
                server.start();
                source(source).add("after");
                await("during and after", Duration.ofSeconds(30), () -> texts(sink(sink)).containsAll(List.of("during", "after")));
            } finally {
                in.stop(Duration.ofSeconds(5));
                out.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void outputToASubjectWithoutStreamFailsClearly() throws Exception {
        Output out = (Output) build(ComponentKind.OUTPUT, "nats_jetstream", "urls: [ %s ]\nsubject: %s\n".formatted(URL, unique("nostream")));
        try {
            assertThatThrownBy(() -> out.write(Batch.ofTexts("x"))).hasMessageContaining("no JetStream stream captures subject").hasMessageContaining("'subject'");
        } finally {
            out.close();
        }
    }

    @Test
    void unknownStreamOrSubjectNamesTheField() throws Exception {
        Input bound = (Input) build(ComponentKind.INPUT, "nats_jetstream", "urls: [ %s ]\nstream: %s\ndurable: d\nbind: true\n".formatted(URL, unique("NOPE")));
        assertThatThrownBy(bound::connect).hasMessageContaining("'stream'").hasMessageContaining("not found");
        bound.close();

        Input unmatched = (Input) build(ComponentKind.INPUT, "nats_jetstream", "urls: [ %s ]\nsubject: %s\n".formatted(URL, unique("nomatch")));
        assertThatThrownBy(unmatched::connect).hasMessageContaining("no JetStream stream captures subject").hasMessageContaining("'subject'");
        unmatched.close();
    }
}
