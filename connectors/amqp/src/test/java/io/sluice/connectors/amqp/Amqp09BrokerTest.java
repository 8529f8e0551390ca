package io.sluice.connectors.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.Services;
import io.sluice.testkit.TcpProxy;
import io.sluice.testkit.TestComponents;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** amqp_0_9 input and output against the RabbitMQ broker on 127.0.0.1:5672. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Amqp09BrokerTest {
    private static final String URL = "amqp://guest:guest@127.0.0.1:5672/";
    private static Connection admin;
    private static Channel ch;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Stream> streams = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    @BeforeAll
    static void broker() throws Exception {
        Services.require("RabbitMQ (AMQP 0.9.1 broker, guest/guest)", "127.0.0.1", 5672);
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(Amqp09Connections.normalize(URL));
        admin = f.newConnection("sluice-test-admin");
        ch = admin.createChannel();
    }

    @AfterAll
    static void closeAdmin() throws Exception {
        if (admin != null) admin.close();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Stream s : streams) TestKit.stop(s);
        for (String q : queues) ch.queueDelete(q);
        for (String x : exchanges) ch.exchangeDelete(x);
    }

    private Stream start(String yaml) throws Exception {
        Stream s = TestKit.startStream(yaml);
        streams.add(s);
        return s;
    }

    private String queue(String name) throws Exception {
        String q = "sluice-it-" + name + "-" + id;
        ch.queueDeclare(q, false, false, false, null);
        queues.add(q);
        return q;
    }

    private void awaitConsumer(String q) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try {
                if (ch.queueDeclarePassive(q).getConsumerCount() > 0) return;
            } catch (Exception e) {
                ch = admin.createChannel(); // a passive declare of a missing queue closes the channel
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nobody consumes " + q);
    }

    /**
     * Messages in {@code q} that nobody has taken for good: stops every stream first, so that the
     * broker requeues what they hold unacknowledged (a passive declare counts only ready messages),
     * then waits until their consumers are gone.
     */
    private int leftInQueue(String q) throws Exception {
        for (Stream s : streams) TestKit.stop(s);
        await("the streams' consumers to leave " + q, Duration.ofSeconds(10), () -> {
            try {
                return ch.queueDeclarePassive(q).getConsumerCount() == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return ch.queueDeclarePassive(q).getMessageCount();
    }

    private void send(String q, String body) throws Exception {
        ch.basicPublish("", q, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String inputYaml(String body, String sink) {
        return "input:\n  amqp_0_9:\n" + body.indent(4) + "output:\n  test_collect:\n    name: " + sink + "\n";
    }

    @Test
    void roundTripThroughADeclaredTopicExchangeWithPropertiesAndHeaders() throws Exception {
        String exchange = "sluice-it-x-" + id;
        String q = "sluice-it-rt-" + id;
        exchanges.add(exchange);
        queues.add(q);
        String sink = "rt" + id;
        String feedName = "rt-feed" + id;
        // The output declares the exchange on connect; the input declares and binds the queue.
        ch.exchangeDeclare(exchange, "topic", false);
        start(inputYaml("""
                urls: [ %s ]
                queue: %s
                queue_declare: { enabled: true, durable: false }
                bindings_declare: [ { exchange: %s, key: "orders.#" } ]
                consumer_tag: sluice-rt
                """.formatted(URL, q, exchange), sink));
        awaitConsumer(q);
        start("""
                input:
                  test_feed: { name: %s }
                output:
                  amqp_0_9:
                    urls: [ %s ]
                    exchange: %s
                    exchange_declare: { enabled: true, type: topic, durable: false }
                    key: '${! meta("region") }'
                    type: order
                    content_type: application/json
                    correlation_id: '${! meta("cid") }'
                    priority: "5"
                    persistent: true
                    metadata:
                      exclude_prefixes: [ "secret_" ]
                    max_in_flight: 1 # one write at a time: the marker proves the unroutable one went first
                """.formatted(feedName, URL, exchange));
        TestComponents.Feed feed = TestComponents.feed(feedName);
        Part p = Part.of("{\"id\":1}");
        p.setMeta("region", "orders/eu"); // / becomes . for topic exchanges, as in the dialect
        p.setMeta("cid", "c-1");
        p.setMeta("trace_id", "t-1");
        p.setMeta("secret_token", "hidden");
        feed.queue.add(p);
        Part other = Part.of("{\"id\":2}");
        other.setMeta("region", "invoices.eu");
        feed.queue.add(other);

        Part marker = Part.of("{\"id\":3}");
        marker.setMeta("region", "orders.marker"); // routed after the unroutable one: once it is here, that one had its chance
        feed.queue.add(marker);

        TestComponents.Sink got = TestComponents.sink(sink);
        await("the marker", Duration.ofSeconds(10), () -> got.texts().contains("{\"id\":3}"));
        assertThat(got.texts()).containsExactly("{\"id\":1}", "{\"id\":3}");
        Part m = got.accepted.get(0);
        assertThat(m.metadata()).containsEntry("amqp_routing_key", "orders.eu")
                .containsEntry("amqp_exchange", exchange)
                .containsEntry("amqp_type", "order")
                .containsEntry("amqp_content_type", "application/json")
                .containsEntry("amqp_correlation_id", "c-1")
                .containsEntry("amqp_priority", "5")
                .containsEntry("amqp_delivery_mode", "2")
                .containsEntry("amqp_consumer_tag", "sluice-rt")
                .containsEntry("amqp_redelivered", "false")
                .containsEntry("trace_id", "t-1") // header trace-id, read back with _
                .doesNotContainKey("secret_token");
        assertThat(m.metaString("amqp_delivery_tag")).isNotBlank();
        await("three confirms", Duration.ofSeconds(10), () -> feed.acked.get() == 3);
        assertThat(feed.acked.get()).isEqualTo(3); // the unrouted one is confirmed too (mandatory is off)
    }

    @Test
    void rejectedMessageIsRequeuedAndRedelivered() throws Exception {
        String q = queue("requeue");
        String sink = "rq" + id;
        start(inputYaml("urls: [ %s ]\nqueue: %s\n".formatted(URL, q), sink) + "    fail_first: 2\n");
        awaitConsumer(q);
        send(q, "flaky");
        TestComponents.Sink got = TestComponents.sink(sink);
        assertThat(got.awaitCount(1, Duration.ofSeconds(10))).isTrue();
        assertThat(got.attempts.get()).isEqualTo(3);
        assertThat(got.accepted.get(0).metaString("amqp_redelivered")).isEqualTo("true");
        assertThat(leftInQueue(q)).as("acknowledged once accepted").isZero();
    }

    @Test
    void errorsMatchingNackRejectPatternsAreDropped() throws Exception {
        String q = queue("reject");
        String sink = "rj" + id;
        TestComponents.Sink got = TestComponents.sink(sink);
        got.rejectIf = p -> p.text().equals("poison");
        start(inputYaml("urls: [ %s ]\nqueue: %s\nnack_reject_patterns: [ \"^rejected by\" ]\n".formatted(URL, q), sink));
        awaitConsumer(q);
        send(q, "poison");
        send(q, "fine");
        assertThat(got.awaitCount(1, Duration.ofSeconds(10))).isTrue();
        assertThat(leftInQueue(q)).as("rejected without requeue, and the other acknowledged").isZero();
        assertThat(got.texts()).containsExactly("fine");
        assertThat(got.attempts.get()).as("the poison message was tried once, not requeued").isEqualTo(2);
    }

    @Test
    void unroutableMandatoryMessageFailsTheWrite() throws Exception {
        String exchange = "sluice-it-empty-" + id;
        exchanges.add(exchange);
        ch.exchangeDeclare(exchange, "direct", false);
        Output out = (Output) TestKit.component(ComponentKind.OUTPUT, "amqp_0_9",
                "urls: [ %s ]\nexchange: %s\nkey: nowhere\nmandatory: true\n".formatted(URL, exchange));
        out.connect();
        assertThatThrownBy(() -> out.write(Batch.ofTexts("lost?")))
                .hasMessageContaining("returned an unroutable message").hasMessageContaining("NO_ROUTE");
        String q = queue("routable");
        ch.queueBind(q, exchange, "somewhere");
        Output ok = (Output) TestKit.component(ComponentKind.OUTPUT, "amqp_0_9",
                "urls: [ %s ]\nexchange: %s\nkey: somewhere\nmandatory: true\n".formatted(URL, exchange));
        ok.connect();
        ok.write(Batch.ofTexts("a", "b"));
        assertThat(ch.queueDeclarePassive(q).getMessageCount()).isEqualTo(2);
        out.close();
        ok.close();
    }

    @Test
    void reconnectsAfterTheConnectionIsCut() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672)) {
            String q = queue("reconnect");
            String via = "amqp://guest:guest@127.0.0.1:" + proxy.port() + "/";
            String sink = "rc" + id;
            String feedName = "rc-feed" + id;
            start(inputYaml("urls: [ %s ]\nqueue: %s\n".formatted(via, q), sink));
            start("""
                    input:
                      test_feed: { name: %s }
                    output:
                      amqp_0_9: { urls: [ %s ], exchange: "", key: %s, max_in_flight: 4 }
                    """.formatted(feedName, via, q));
            TestComponents.Feed feed = TestComponents.feed(feedName);
            TestComponents.Sink got = TestComponents.sink(sink);
            OutputReconnectCheck.survivesAnOutage(feed, got, proxy, Duration.ofSeconds(10), Duration.ofSeconds(20));
        }
    }

    @Test
    void badCredentialsNameTheUrlsAndTheBrokerAnswer() throws Exception {
        Input in = (Input) TestKit.component(ComponentKind.INPUT, "amqp_0_9", "urls: [ \"amqp://guest:wrong@127.0.0.1:5672/\" ]\nqueue: x\n");
        assertThatThrownBy(in::connect)
                .hasMessageContaining("urls").hasMessageContaining("ACCESS_REFUSED").hasMessageContaining("user and password")
                .hasMessageContaining("guest:***@").hasMessageNotContaining("wrong");
        in.close();
    }

    @Test
    void unreachableBrokerAndMissingQueueAreExplained() throws Exception {
        Input down = (Input) TestKit.component(ComponentKind.INPUT, "amqp_0_9", "urls: [ \"amqp://guest:guest@127.0.0.1:1/\" ]\nqueue: x\n");
        assertThatThrownBy(down::connect).hasMessageContaining("urls").hasMessageContaining("cannot reach the broker");
        down.close();
        Input missing = (Input) TestKit.component(ComponentKind.INPUT, "amqp_0_9", "urls: [ %s ]\nqueue: no-such-queue-%s\n".formatted(URL, id));
        assertThatThrownBy(missing::connect).hasMessageContaining("(queue)").hasMessageContaining("NOT_FOUND");
        missing.close();
    }

    @Test
    void badFieldsFailAtBuildWithTheirPath() {
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "amqp_0_9", "urls: [ %s ]\nexchange: x\npriority: \"12\"\n".formatted(URL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("amqp_0_9.priority");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "amqp_0_9", "urls: [ \"http://x\" ]\nexchange: x\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("amqp_0_9.urls.0");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.INPUT, "amqp_0_9", "urls: [ %s ]\nqueue: q\nnack_reject_patterns: [ \"(\" ]\n".formatted(URL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nack_reject_patterns.0");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "amqp_0_9", "urls: [ %s ]\nexchange: x\nexchange_declare: { enabled: true, type: fan }\n".formatted(URL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exchange_declare.type");
    }

    @Test
    void autoAckTakesMessagesWithoutWaitingForTheOutput() throws Exception {
        String q = queue("autoack");
        String sink = "aa" + id;
        TestComponents.sink(sink).rejectIf = p -> true;
        start(inputYaml("urls: [ %s ]\nqueue: %s\nauto_ack: true\n".formatted(URL, q), sink));
        awaitConsumer(q);
        send(q, "gone");
        await("the write attempt", Duration.ofSeconds(10), () -> TestComponents.sink(sink).attempts.get() >= 1);
        assertThat(leftInQueue(q)).as("auto_ack: the broker forgot it, though the output refused it").isZero();
        assertThat(TestComponents.sink(sink).attempts.get()).as("not requeued to us").isEqualTo(1);
    }

}
