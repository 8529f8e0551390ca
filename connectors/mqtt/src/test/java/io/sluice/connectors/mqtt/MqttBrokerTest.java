package io.sluice.connectors.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.sluice.core.component.Input;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.Services;
import io.sluice.testkit.TcpProxy;
import io.sluice.testkit.TestComponents;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mqtt input and output against the Mosquitto broker on 127.0.0.1:1883. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttBrokerTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private final String prefix = "sluice-it/" + UUID.randomUUID();
    private final List<Stream> streams = new ArrayList<>();
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeAll
    static void broker() {
        Services.require("Mosquitto (MQTT broker)", "127.0.0.1", 1883);
    }

    @AfterEach
    void cleanUp() {
        for (Stream s : streams) TestKit.stop(s);
        for (Mqtt5BlockingClient c : clients) {
            try {
                c.disconnect();
            } catch (Exception ignored) {
                // test client
            }
        }
    }

    private Stream start(String yaml) throws Exception {
        Stream s = TestKit.startStream(yaml);
        streams.add(s);
        return s;
    }

    private Mqtt5BlockingClient plain() {
        Mqtt5BlockingClient c = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        c.connect();
        clients.add(c);
        return c;
    }

    private void publish(String topic, String payload, int qos, boolean retain) {
        Mqtt5BlockingClient c = clients.isEmpty() ? plain() : clients.get(0);
        c.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private void clearRetained(String topic) {
        publish(topic, "", 0, true);
    }

    private static String inputYaml(String extra, String sink) {
        return "input:\n  mqtt:\n" + extra.indent(4) + "output:\n  test_collect:\n    name: " + sink + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "3.1.1", "5"})
    void roundTripWithWildcardsAndMetadata(String version) throws Exception {
        String base = prefix + "/rt";
        String sink = "rt-" + version + prefix;
        publish(base + "/r/temp", "retained-reading", 1, true); // arrives first, with retain set: proves the subscription
        start(inputYaml("""
                urls: [ %s ]
                client_id: rt-%s
                topics: [ "%s/+/temp" ]
                protocol_version: "%s"
                """.formatted(BROKER, UUID.randomUUID(), base, version), sink));
        TestComponents.Sink got = TestComponents.sink(sink);
        assertThat(got.awaitCount(1, Duration.ofSeconds(10))).as("retained message received").isTrue();
        clearRetained(base + "/r/temp");

        publish(base + "/a/temp", "a-1", 1, false);
        publish(base + "/b/temp", "b-0", 0, false);
        publish(base + "/b/humidity", "not-matched", 1, false);
        publish(base + "/a/temp", "a-2", 2, false);
        // The broker routes one client's publishes in order: once this marker arrives, "not-matched" had its chance.
        publish(base + "/a/temp", "end", 1, false);
        assertThat(got.awaitCount(5, Duration.ofSeconds(10))).isTrue();
        await("the marker", Duration.ofSeconds(10), () -> got.texts().contains("end"));
        // MQTT orders messages per topic and QoS only, so look them up by body.
        assertThat(got.texts()).containsExactlyInAnyOrder("retained-reading", "a-1", "b-0", "a-2", "end");
        assertThat(got.texts().get(0)).isEqualTo("retained-reading");
        Map<String, Part> byText = new HashMap<>();
        for (Part p : got.accepted) byText.put(p.text(), p);

        Part retained = byText.get("retained-reading");
        assertThat(retained.meta("mqtt_retained")).isEqualTo(true);
        assertThat(retained.meta("mqtt_topic")).isEqualTo(base + "/r/temp");

        Part a1 = byText.get("a-1");
        assertThat(a1.meta("mqtt_topic")).isEqualTo(base + "/a/temp");
        assertThat(a1.meta("mqtt_qos")).isEqualTo(1L);
        assertThat(a1.meta("mqtt_retained")).isEqualTo(false);
        assertThat(a1.meta("mqtt_duplicate")).isEqualTo(false);
        assertThat((Long) a1.meta("mqtt_message_id")).isPositive();

        Part b0 = byText.get("b-0");
        assertThat(b0.meta("mqtt_qos")).isEqualTo(0L);
        assertThat(b0.meta("mqtt_message_id")).isEqualTo(0L);

        Part a2 = byText.get("a-2");
        assertThat(a2.meta("mqtt_qos")).isEqualTo(1L); // subscription QoS 1 caps the QoS 2 publish
        assertThat((Long) a2.meta("mqtt_message_id")).isPositive().isNotEqualTo(a1.meta("mqtt_message_id"));
    }

    @Test
    void outputPublishesWithInterpolatedTopicQosAndRetained() throws Exception {
        Mqtt5BlockingClient sub = plain();
        List<Mqtt5Publish> seen = new CopyOnWriteArrayList<>();
        sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, seen::add);
        sub.subscribeWith().topicFilter(prefix + "/out/#").qos(MqttQos.EXACTLY_ONCE).send();

        String feedName = "out" + prefix;
        TestComponents.Feed feed = TestComponents.feed(feedName);
        start("""
                input:
                  test_feed:
                    name: %s
                output:
                  mqtt:
                    urls: [ %s ]
                    topic: '${! meta("dest") }'
                    qos: '${! meta("q") }'
                    retained_interpolated: '${! meta("keep") }'
                """.formatted(feedName, BROKER));
        for (int q = 0; q <= 2; q++) {
            Part p = Part.of("qos-" + q);
            p.setMeta("dest", prefix + "/out/q" + q);
            p.setMeta("q", String.valueOf(q));
            p.setMeta("keep", "false");
            feed.queue.add(p);
        }
        Part keep = Part.of("kept");
        keep.setMeta("dest", prefix + "/out/kept");
        keep.setMeta("q", "1");
        keep.setMeta("keep", "true");
        feed.queue.add(keep);

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 4 && System.nanoTime() < end) Thread.sleep(10);
        assertThat(seen).hasSize(4);
        Map<String, Mqtt5Publish> byTopic = new HashMap<>();
        for (Mqtt5Publish p : seen) byTopic.put(p.getTopic().toString(), p);
        for (int q = 0; q <= 2; q++) {
            Mqtt5Publish p = byTopic.get(prefix + "/out/q" + q);
            assertThat(p).as("message at qos %d", q).isNotNull();
            assertThat(p.getQos().getCode()).isEqualTo(q);
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("qos-" + q);
        }
        // The broker may hand a message to the subscriber before the output's write returns and the
        // stream acknowledges it, so wait for the acknowledgement rather than racing it.
        long ackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feed.acked.get() < 4 && System.nanoTime() < ackDeadline) Thread.sleep(10);
        assertThat(feed.acked.get()).isEqualTo(4);

        // The retained one is handed to a later subscriber with the retain flag.
        Mqtt5BlockingClient late = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        late.connect();
        clients.add(late);
        try (Mqtt5BlockingClient.Mqtt5Publishes pubs = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter(prefix + "/out/kept").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish r = pubs.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(r.isRetain()).isTrue();
            assertThat(new String(r.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
        }
        clearRetained(prefix + "/out/kept");
    }

    @Test
    void unacknowledgedMessageIsRedeliveredByTheBrokerAfterRestart() throws Exception {
        String clientId = "redeliver-" + UUID.randomUUID();
        String topic = prefix + "/redeliver";
        String input = """
                urls: [ %s ]
                client_id: %s
                clean_session: false
                topics: [ "%s" ]
                """.formatted(BROKER, clientId, topic);

        // 1. Create the persistent session and its subscription, then go away.
        String s0 = "s0" + prefix;
        publish(topic, "ready", 1, true);
        Stream first = start(inputYaml(input, s0));
        assertThat(TestComponents.sink(s0).awaitCount(1, Duration.ofSeconds(10))).isTrue();
        clearRetained(topic);
        first.stop(Duration.ofSeconds(5));

        // 2. Published while nobody is connected: queued by the broker for the session.
        publish(topic, "m1", 1, false);

        // 3. The output keeps rejecting it: replayed locally, never acknowledged to the broker.
        String s1 = "s1" + prefix;
        TestComponents.sink(s1).rejectIf = p -> true;
        Stream rejecting = start(inputYaml(input, s1));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TestComponents.sink(s1).attempts.get() < 3 && System.nanoTime() < end) Thread.sleep(10);
        assertThat(TestComponents.sink(s1).attempts.get()).as("replayed locally").isGreaterThanOrEqualTo(3);
        rejecting.stop(Duration.ofSeconds(5));

        // 4. A new run gets it again from the broker, flagged as a duplicate, and acknowledges it.
        String s2 = "s2" + prefix;
        Stream accepting = start(inputYaml(input, s2));
        assertThat(TestComponents.sink(s2).awaitCount(1, Duration.ofSeconds(10))).isTrue();
        Part again = TestComponents.sink(s2).accepted.get(0);
        assertThat(again.text()).isEqualTo("m1");
        assertThat(again.meta("mqtt_duplicate")).isEqualTo(true);
        accepting.stop(Duration.ofSeconds(5));

        // 5. Acknowledged: a further run of the session gets only what is published after it. The marker
        // proves the session delivers (the broker queues it for the session and sends it after any
        // message still owed, which would be m1 if it had not been acknowledged).
        String s3 = "s3" + prefix;
        start(inputYaml(input, s3));
        publish(topic, "live", 1, false);
        await("the marker", Duration.ofSeconds(10), () -> TestComponents.sink(s3).texts().contains("live"));
        assertThat(TestComponents.sink(s3).texts()).containsExactly("live");
    }

    @Test
    void rejectedMessageIsReplayedLocallyUntilAccepted() throws Exception {
        String topic = prefix + "/replay";
        String sink = "replay" + prefix;
        TestComponents.Sink got = TestComponents.sink(sink);
        publish(topic, "ready", 1, true);
        start(inputYaml("""
                urls: [ %s ]
                topics: [ "%s" ]
                """.formatted(BROKER, topic), sink));
        assertThat(got.awaitCount(1, Duration.ofSeconds(10))).isTrue();
        clearRetained(topic);
        got.accepted.clear();
        AtomicInteger rejections = new AtomicInteger();
        got.rejectIf = p -> p.text().equals("flaky") && rejections.incrementAndGet() <= 2;
        publish(topic, "flaky", 1, false);
        assertThat(got.awaitCount(1, Duration.ofSeconds(10))).isTrue();
        publish(topic, "after", 1, false); // a marker: a duplicate of "flaky" would come before it
        await("the marker", Duration.ofSeconds(10), () -> got.texts().contains("after"));
        assertThat(got.texts()).containsExactly("flaky", "after");
        assertThat(rejections.get()).isEqualTo(3);
    }

    @Test
    void rejectedMessageIsDroppedWhenAutoReplayIsOff() throws Exception {
        String clientId = "drop-" + UUID.randomUUID();
        String topic = prefix + "/drop";
        String input = """
                urls: [ %s ]
                client_id: %s
                clean_session: false
                auto_replay_nacks: false
                topics: [ "%s" ]
                """.formatted(BROKER, clientId, topic);
        String s1 = "d1" + prefix;
        TestComponents.Sink first = TestComponents.sink(s1);
        first.rejectIf = p -> p.text().equals("drop-me");
        publish(topic, "ready", 1, true);
        Stream s = start(inputYaml(input, s1));
        assertThat(first.awaitCount(1, Duration.ofSeconds(10))).isTrue();
        clearRetained(topic);
        publish(topic, "drop-me", 1, false);
        publish(topic, "after", 1, false); // a marker: a replay of "drop-me" would come before it
        await("the marker", Duration.ofSeconds(10), () -> first.texts().contains("after"));
        assertThat(first.attempts.get()).as("ready, drop-me once (not replayed), after").isEqualTo(3);
        assertThat(first.texts()).containsExactly("ready", "after");
        s.stop(Duration.ofSeconds(5));

        String s2 = "d2" + prefix;
        start(inputYaml(input, s2));
        publish(topic, "live", 1, false); // queued for the session behind anything still owed to it
        await("the marker", Duration.ofSeconds(10), () -> TestComponents.sink(s2).texts().contains("live"));
        assertThat(TestComponents.sink(s2).texts()).as("acknowledged when dropped, so not redelivered").containsExactly("live");
    }

    @Test
    void reconnectsWithBackoffAfterTheConnectionIsCut() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 1883)) {
            String topic = prefix + "/reconnect";
            String feedName = "rc-feed" + prefix;
            String sink = "rc-sink" + prefix;
            TestComponents.Feed feed = TestComponents.feed(feedName);
            TestComponents.Sink got = TestComponents.sink(sink);
            publish(topic, "ready", 1, true);
            start(inputYaml("""
                    urls: [ %s ]
                    client_id: rc-%s
                    clean_session: false
                    topics: [ "%s" ]
                    """.formatted(proxy.url("tcp"), UUID.randomUUID(), topic), sink));
            assertThat(got.awaitCount(1, Duration.ofSeconds(10))).isTrue();
            clearRetained(topic);
            got.accepted.clear();
            start("""
                    input:
                      test_feed:
                        name: %s
                    output:
                      mqtt:
                        urls: [ %s ]
                        topic: %s
                        max_in_flight: 4
                    """.formatted(feedName, proxy.url("tcp"), topic));
            for (int i = 0; i < 20; i++) feed.add("before-" + i);
            assertThat(got.awaitCount(20, Duration.ofSeconds(10))).isTrue();

            proxy.refuse(true); // cut both connections and keep the "broker" down until clients have tried it
            for (int i = 0; i < 20; i++) feed.add("after-" + i);
            await("reconnect attempts against the down broker", Duration.ofSeconds(20), () -> proxy.refused() >= 2);
            int acceptedBefore = proxy.accepted();
            proxy.refuse(false);

            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (distinct(got) < 40 && System.nanoTime() < end) Thread.sleep(20);
            Set<String> missing = new HashSet<>();
            for (int i = 0; i < 20; i++) missing.add("before-" + i);
            for (int i = 0; i < 20; i++) missing.add("after-" + i);
            missing.removeAll(got.texts());
            assertThat(missing).as("every message arrives after the reconnect").isEmpty();
            assertThat(proxy.accepted()).as("both components reconnected").isGreaterThanOrEqualTo(acceptedBefore + 2);
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // a write may still wait for its PUBACK
            while (feed.acked.get() < 40 && System.nanoTime() < settle) Thread.sleep(20);
            assertThat(feed.nacked.get()).as("a lost connection is retried, not rejected").isZero();
            assertThat(feed.acked.get()).isEqualTo(40);
        }
    }

    private static int distinct(TestComponents.Sink s) {
        Set<String> set = new HashSet<>(s.texts());
        return set.size();
    }

    @Test
    void autoFallsBackToMqtt311WhenTheBrokerRefusesMqtt5() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 1883)) {
            AtomicInteger v5Attempts = new AtomicInteger();
            proxy.gate((first, out) -> {
                if (protocolLevel(first) == 5) {
                    v5Attempts.incrementAndGet();
                    try {
                        out.write(new byte[] {0x20, 0x02, 0x00, 0x01}); // 3.1.1 CONNACK: unacceptable protocol version
                        out.flush();
                    } catch (Exception ignored) {
                        // the client hung up
                    }
                    return false;
                }
                return true;
            });
            String topic = prefix + "/fallback";
            String sink = "fb" + prefix;
            publish(topic, "ready", 1, true);
            start(inputYaml("""
                    urls: [ %s ]
                    topics: [ "%s" ]
                    """.formatted(proxy.url("tcp"), topic), sink));
            TestComponents.Sink got = TestComponents.sink(sink);
            assertThat(got.awaitCount(1, Duration.ofSeconds(10))).isTrue();
            assertThat(v5Attempts.get()).isEqualTo(1);

            proxy.cutAll(); // the reconnect goes straight to 3.1.1
            publish(topic, "again", 1, true);
            assertThat(got.awaitCount(2, Duration.ofSeconds(10))).isTrue();
            clearRetained(topic);
            assertThat(v5Attempts.get()).isEqualTo(1);
            assertThat(got.texts()).contains("again");
        }
    }

    private static int protocolLevel(byte[] connect) {
        int i = 1;
        while (i < connect.length && (connect[i] & 0x80) != 0) i++; // remaining length varint
        i++;
        int nameLen = ((connect[i] & 0xff) << 8) | (connect[i + 1] & 0xff);
        return connect[i + 2 + nameLen] & 0xff;
    }

    @Test
    void willIsPublishedWhenTheConnectionDrops() throws Exception {
        Mqtt5BlockingClient sub = plain();
        List<String> wills = new CopyOnWriteArrayList<>();
        sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> wills.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        sub.subscribeWith().topicFilter(prefix + "/will").qos(MqttQos.AT_LEAST_ONCE).send();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 1883)) {
            String topic = prefix + "/will-in";
            String sink = "will" + prefix;
            publish(topic, "ready", 1, true);
            start(inputYaml("""
                    urls: [ %s ]
                    topics: [ "%s" ]
                    will:
                      enabled: true
                      qos: 1
                      topic: %s/will
                      payload: sluice went away
                    """.formatted(proxy.url("tcp"), topic, prefix), sink));
            assertThat(TestComponents.sink(sink).awaitCount(1, Duration.ofSeconds(10))).isTrue();
            clearRetained(topic);
            proxy.cutAll();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (wills.isEmpty() && System.nanoTime() < end) Thread.sleep(20);
            assertThat(wills).contains("sluice went away");
        }
    }

    @Test
    void unreachableBrokerErrorNamesTheUrlAndTheCause() throws Exception {
        Input in = (Input) TestKit.component(ComponentKind.INPUT, "mqtt", """
                urls: [ "tcp://127.0.0.1:1" ]
                topics: [ a ]
                connect_timeout: 2s
                """);
        assertThatThrownBy(in::connect)
                .hasMessageContaining("urls")
                .hasMessageContaining("tcp://127.0.0.1:1")
                .hasMessageContaining("refused");
        in.close();
    }

    @Test
    void brokerRefusalErrorNamesTheFieldAndTheBrokerAnswer() throws Exception {
        // MQTT 3.1.1 requires a broker to refuse a persistent session without a client id (MQTT 5 lets it assign one).
        for (String version : List.of("3.1.1")) {
            Input in = (Input) TestKit.component(ComponentKind.INPUT, "mqtt", """
                    urls: [ %s ]
                    topics: [ a ]
                    client_id: ""
                    clean_session: false
                    protocol_version: "%s"
                    """.formatted(BROKER, version));
            assertThatThrownBy(in::connect)
                    .as("MQTT %s", version)
                    .hasMessageContaining("refused the connection")
                    .hasMessageContaining("client_id")
                    .hasMessageMatching("(?s).*(CLIENT_IDENTIFIER_NOT_VALID|IDENTIFIER_REJECTED).*");
            in.close();
        }
    }

    @Test
    void badFieldsFailAtBuildWithTheirPath() {
        assertThatThrownBy(() -> TestKit.component(ComponentKind.INPUT, "mqtt", "urls: [tcp://x:1883]\ntopics: [a]\nqos: 3\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.qos").hasMessageContaining("0, 1 or 2");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.INPUT, "mqtt", "urls: [tcp://x:1883]\ntopics: [ \"a/#/b\" ]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.topics.0").hasMessageContaining("invalid topic filter");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "mqtt", "urls: [http://x:1883]\ntopic: a\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.urls.0").hasMessageContaining("unsupported URL scheme");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "mqtt", "urls: [tcp://x:1883]\ntopic: a\nwill: { enabled: true }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.will.topic");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "mqtt", "urls: [tcp://x:1883]\ntopic: a\nprotocol_version: \"4\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("protocol_version");
    }

    @Test
    void aStreamThatCannotConnectDoesNotDisturbAnother() throws Exception {
        String topic = prefix + "/healthy";
        String sink = "healthy" + prefix;
        start(inputYaml("urls: [ \"tcp://127.0.0.1:1\" ]\ntopics: [ x ]\nconnect_timeout: 1s\n", "broken" + prefix));
        publish(topic, "ready", 1, true);
        start(inputYaml("urls: [ %s ]\ntopics: [ \"%s\" ]\n".formatted(BROKER, topic), sink));
        assertThat(TestComponents.sink(sink).awaitCount(1, Duration.ofSeconds(10))).isTrue();
        clearRetained(topic);
    }
}
