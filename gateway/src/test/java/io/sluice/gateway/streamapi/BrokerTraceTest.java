package io.sluice.gateway.streamapi;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.core.observe.Tracing;
import io.sluice.gateway.config.OpenTelemetryConfig;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.testkit.Services;
import io.sluice.testkit.kafka.KafkaBroker;
import io.sluice.testkit.otlp.OtlpReceiver;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message that a real broker's own client produced with a W3C {@code traceparent} header (Kafka record header,
 * AMQP 0.9 header, NATS header, MQTT 5 user property) continues that trace in a stream API: the test's OTLP receiver
 * gets the processor span as the producer span's child and the delivery to a WebSocket consumer as the processor's.
 */
class BrokerTraceTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "bt-" + RUN;
    private static final String QUEUE = "bt-" + RUN;
    private static final String SUBJECT = "bt." + RUN;
    private static final String MQTT_TOPIC = "bt/" + RUN;
    private static final String RABBIT = "amqp://guest:guest@127.0.0.1:5672/";
    /** The same broker for RabbitMQ's client, whose URI form names the default vhost by leaving the path out. */
    private static final String RABBIT_CLIENT = "amqp://guest:guest@127.0.0.1:5672";

    @TempDir
    static Path dir;
    private static OtlpReceiver receiver;
    private static RunningGateway gateway;
    private static KafkaBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        Services.require("RabbitMQ", "127.0.0.1", 5672);
        Services.require("NATS", "127.0.0.1", 4222);
        Services.require("Mosquitto", "127.0.0.1", 1883);
        kafka = KafkaBroker.shared();
        amqp(BrokerTraceTest::declare);
        receiver = new OtlpReceiver();
        gateway = RunningGateway.start(dir.resolve("apps"),
                c -> c.withOpenTelemetry(new OpenTelemetryConfig(true, "http", receiver.endpoint(), "sluice-test",
                        new OpenTelemetryConfig.Sampling("AlwaysOn", 1))),
                StreamApiDocs.of("bt-feed", "/bt-feed/")
                        .json("kafka", stream("kafka", "{\"kafka\": {\"addresses\": [\"" + kafka.bootstrap() + "\"], \"topics\": [\"" + TOPIC
                                + "\"], \"consumer_group\": \"bt-" + RUN + "\"}}"))
                        .json("amqp", stream("amqp", "{\"amqp_0_9\": {\"urls\": [\"" + RABBIT + "\"], \"queue\": \"" + QUEUE + "\"}}"))
                        .json("nats", stream("nats", "{\"nats\": {\"urls\": [\"nats://127.0.0.1:4222\"], \"subject\": \"" + SUBJECT + "\"}}"))
                        .json("mqtt", stream("mqtt", "{\"mqtt\": {\"urls\": [\"tcp://127.0.0.1:1883\"], \"topics\": [\"" + MQTT_TOPIC
                                + "\"], \"client_id\": \"bt-" + RUN + "\", \"protocol_version\": \"5\", \"qos\": 1}}"))
                        .docs());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (receiver != null) receiver.close();
        amqp(channel -> {
            try {
                channel.queueDelete(QUEUE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The stream of one broker: its input, one processor labelled {@code <name>-stamp}, WebSocket consumers. */
    private static String stream(String name, String input) {
        return """
                {"input": %s,
                 "pipeline": {"threads": 1, "processors": [{"label": "%s-stamp", "mapping": "root = this.merge({\\"stamped\\": true})"}]},
                 "output": {"http_server": {"path": "/%s/get", "stream_path": "/%s/sse", "ws_path": "/%s/ws", "ws_message_type": "text"}}}
                """.formatted(input, name, name, name, name);
    }

    private static void declare(Channel channel) {
        try {
            channel.queueDeclare(QUEUE, false, false, false, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void amqp(Consumer<Channel> use) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RABBIT_CLIENT);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            use.accept(channel);
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C forbids
        return HexFormat.of().formatHex(b);
    }

    /**
     * Opens a WebSocket consumer on the stream, sends with {@code produce} (again every second until the consumer has a
     * message: NATS and MQTT drop what is published before the input's subscription), then checks the spans.
     */
    private static void traceContinues(String stream, Consumer<String> produce) throws Exception {
        String trace = hex(16);
        String producer = hex(8);
        String traceparent = "00-" + trace + "-" + producer + "-01";
        Clients.Ws ws = Clients.Ws.open(gateway.url("/bt-feed/" + stream + "/ws").replace("http://", "ws://"));
        try {
            Eventually.within(Duration.ofSeconds(30), () -> {
                var s = gateway.gateway().streamApis().streamsOf("bt-feed").orElseThrow().running(stream);
                return s != null && s.metrics().get("http_server_consumers_connected") == 1;
            });
            long[] lastSent = {0};
            Eventually.within(Duration.ofSeconds(30), () -> {
                if (System.nanoTime() - lastSent[0] > 1_000_000_000L) {
                    produce.accept(traceparent);
                    lastSent[0] = System.nanoTime();
                }
                return !ws.messages.isEmpty();
            });
            assertThat(ws.messages.getFirst()).contains("\"stamped\":true");

            // NATS and MQTT may have delivered more than one copy: every copy is checked, each its own chain.
            List<OtlpReceiver.Span> processors = await(trace, "processor " + stream + "-stamp");
            List<OtlpReceiver.Span> deliveries = await(trace, "deliver websocket");
            assertThat(processors).extracting(OtlpReceiver.Span::parentSpanId).as("the producer's span is the parent").containsOnly(producer);
            assertThat(deliveries).extracting(OtlpReceiver.Span::parentSpanId).as("a processor span is the parent")
                    .isSubsetOf(processors.stream().map(OtlpReceiver.Span::spanId).toList());
        } finally {
            ws.close();
        }
    }

    private static List<OtlpReceiver.Span> spans(String trace, String name) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(trace) && s.name().equals(name)).toList();
    }

    private static List<OtlpReceiver.Span> await(String trace, String name) {
        Eventually.within(Duration.ofSeconds(10), () -> {
            Tracing.flush();
            return !spans(trace, name).isEmpty();
        });
        return spans(trace, name);
    }

    @Test
    void fromAKafkaRecordHeader() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            traceContinues("kafka", traceparent -> {
                ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "{\"from\":\"kafka\"}");
                record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                producer.flush();
            });
        }
    }

    @Test
    void fromAnAmqpHeader() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RABBIT_CLIENT);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            traceContinues("amqp", traceparent -> {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().headers(Map.of("traceparent", traceparent)).build();
                try {
                    channel.basicPublish("", QUEUE, props, "{\"from\":\"amqp\"}".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void fromANatsHeader() throws Exception {
        try (var nats = Nats.connect("nats://127.0.0.1:4222")) {
            traceContinues("nats", traceparent -> {
                nats.publish(NatsMessage.builder().subject(SUBJECT).headers(new Headers().add("traceparent", traceparent))
                        .data("{\"from\":\"nats\"}".getBytes(StandardCharsets.UTF_8)).build());
            });
        }
    }

    @Test
    void fromAnMqtt5UserProperty() throws Exception {
        Mqtt5BlockingClient mqtt = Mqtt5Client.builder().identifier("bt-producer-" + RUN).serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        mqtt.connect();
        try {
            traceContinues("mqtt", traceparent -> mqtt.publishWith().topic(MQTT_TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                    .userProperties().add("traceparent", traceparent).applyUserProperties()
                    .payload("{\"from\":\"mqtt\"}".getBytes(StandardCharsets.UTF_8)).send());
        } finally {
            mqtt.disconnect();
        }
    }
}
