package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.testkit.TestKit;
import io.sluice.testkit.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream configs of the product document (src/test/resources/seed, see its README) run as
 * published, against a real Kafka broker and local HTTP services, with only addresses and names
 * changed.
 */
class SeedConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer services;
    private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
    private Stream stream;

    @BeforeEach
    void startServices() throws IOException {
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.start();
    }

    @AfterEach
    void stopAll() {
        TestKit.stop(stream);
        services.stop(0);
    }

    /** A local endpoint that records each JSON body it gets and answers with {@code answer(body)}. */
    private String endpoint(String path, Function<JsonNode, Object> answer) {
        received.put(path, new CopyOnWriteArrayList<>());
        services.createContext(path, ex -> {
            try (InputStream in = ex.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                received.get(path).add(body);
                byte[] out = JSON.writeValueAsBytes(answer.apply(body));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            } finally {
                ex.close();
            }
        });
        return "http://127.0.0.1:" + services.getAddress().getPort() + path;
    }

    private static String seed(String name) throws IOException {
        try (InputStream in = SeedConfigsTest.class.getResourceAsStream("/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<ConfigProblem> lint(String yaml, String file) throws Exception {
        ConfigNode root = ConfigLoader.parseRaw(yaml, file);
        return ConfigValidator.withDefaults(ComponentRegistry.global()).validate(root, StreamSpec.ROOT);
    }

    private Stream run(String yaml) throws Exception {
        assertThat(lint(yaml, "seed.yaml")).as("lint").isEmpty();
        stream = new StreamBuilder(ComponentRegistry.global()).build(TestKit.unique("seed"), ConfigLoader.parseRaw(yaml, "seed.yaml")).start();
        return stream;
    }

    @Test
    void orchestrationMergesTwoTopicsRoutesThroughApisAndFansOutToTopicsAndAWebhook() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String in1 = TestKit.unique("stream1");
        String in2 = TestKit.unique("stream2");
        String out1 = TestKit.unique("processed1");
        String out2 = TestKit.unique("processed2");
        for (String t : List.of(in1, in2, out1, out2)) kafka.createTopic(t, 1);
        // api1 approves even numbers only; api2 approves everything.
        String api1 = endpoint("/api1/process", body -> Map.of("status", body.path("details").path("n").asInt() % 2 == 0 ? "ok" : "no"));
        String api2 = endpoint("/api2/analyze", body -> Map.of("status", "ok"));
        String webhook = endpoint("/webhook", body -> Map.of());

        String yaml = seed("orchestration.yaml")
                .replace("localhost:9092", kafka.bootstrap())
                .replaceAll("\\bstream1\\b", in1).replaceAll("\\bstream2\\b", in2)
                .replaceAll("\\bprocessed_stream1\\b", out1).replaceAll("\\bprocessed_stream2\\b", out2)
                .replace("\"group1\"", "\"" + TestKit.unique("g1") + "\"").replace("\"group2\"", "\"" + TestKit.unique("g2") + "\"")
                .replace("http://api1.example.com/process", api1)
                .replace("http://api2.example.com/analyze", api2)
                .replace("https://webhook.site/unique-id", webhook);
        run(yaml);

        try (KafkaProducer<String, String> p = producer(kafka)) {
            for (int n = 0; n < 10; n++) {
                p.send(new ProducerRecord<>(in1, "{\"n\":" + n + "}"));
                p.send(new ProducerRecord<>(in2, "{\"m\":" + n + "}"));
            }
        }
        // Expected: 5 events from stream1 (even n) and all 10 from stream2, in both topics and at the webhook.
        List<String> topic1 = consume(kafka, out1, 15);
        List<String> topic2 = consume(kafka, out2, 15);
        TestKit.await("the webhook got 15 events", Duration.ofSeconds(30), () -> received.get("/webhook").size() >= 15);

        assertThat(received.get("/api1/process")).hasSize(10)
                .allSatisfy(b -> assertThat(b.path("type").asText()).isEqualTo("event_from_stream1"));
        assertThat(received.get("/api2/analyze")).hasSize(10)
                .allSatisfy(b -> assertThat(b.path("type").asText()).isEqualTo("event_from_stream2"));
        Set<String> expected = new TreeSet<>();
        for (int n = 0; n < 10; n += 2) expected.add("stream1:" + n);
        for (int m = 0; m < 10; m++) expected.add("stream2:" + m);
        assertThat(describe(topic1)).isEqualTo(expected);
        assertThat(describe(topic2)).isEqualTo(expected);
        assertThat(describe(received.get("/webhook").stream().map(JsonNode::toString).toList())).isEqualTo(expected);
        assertThat(topic1).hasSize(15);
        assertThat(received.get("/webhook")).hasSize(15);
        JsonNode one = JSON.readTree(topic1.stream().filter(s -> s.contains("event_from_stream1")).findFirst().orElseThrow());
        assertThat(one.path("api1_response").path("status").asText()).isEqualTo("ok");
    }

    /** "stream1:n" or "stream2:m" for each event, checking the fields the pipeline added. */
    private static Set<String> describe(List<String> events) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String e : events) {
            JsonNode j = JSON.readTree(e);
            if (j.path("type").asText().equals("event_from_stream1")) out.add("stream1:" + j.path("details").path("n").asInt());
            else if (j.path("type").asText().equals("event_from_stream2")) out.add("stream2:" + j.path("details").path("m").asInt());
            else out.add("unexpected:" + e);
        }
        return out;
    }

    @Test
    void complexEventProcessingServesEnrichedHighValueOrdersOverHttp() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String orders = TestKit.unique("orders");
        kafka.createTopic(orders, 1);
        String emails = endpoint("/emails", body -> Map.of("customer_email", body.path("customer_id").asText() + "@example.com"));
        int port = TestKit.freePort();
        String yaml = seed("complex-event-processing.yaml")
                .replace("\"localhost:9092\"", "\"" + kafka.bootstrap() + "\"")
                .replace("consumer_group: my-group", "consumer_group: " + TestKit.unique("cep"))
                .replace("      - orders", "      - " + orders)
                .replace("http://customer-api.local/emails", emails)
                .replace("    path: /high-value-orders", "    address: 127.0.0.1:" + port + "\n    path: /high-value-orders");
        run(yaml);
        // The server accepts once its first endpoint is mounted; the WebSocket path is mounted right after it.
        TestKit.await("the http_server output serves its WebSocket path", Duration.ofSeconds(10),
                () -> accepts(port) && status("http://127.0.0.1:" + port + "/get/ws") != 404);
        // Consumers get what is published while they are connected: connect first (the output's WebSocket
        // path, as the document describes the endpoint), then publish.
        List<JsonNode> got = new CopyOnWriteArrayList<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/get/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        try {
                            got.add(JSON.readTree(data.toString()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        socket.request(1);
                        return null;
                    }

                    // The output sends binary frames unless ws_message_type says text.
                    @Override
                    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                        return onText(socket, StandardCharsets.UTF_8.decode(data), last);
                    }
                }).get(10, TimeUnit.SECONDS);

        try (KafkaProducer<String, String> p = producer(kafka)) {
            p.send(new ProducerRecord<>(orders, "{\"id\":1,\"order_value\":50,\"customer_id\":\"c1\"}"));
            p.send(new ProducerRecord<>(orders, "{\"id\":2,\"order_value\":1500,\"customer_id\":\"c2\"}"));
            p.send(new ProducerRecord<>(orders, "{\"id\":3,\"order_value\":999,\"customer_id\":\"c3\"}"));
            p.send(new ProducerRecord<>(orders, "{\"id\":4,\"order_value\":2500,\"customer_id\":\"c4\"}"));
        }
        TestKit.await("two high-value orders over the WebSocket", Duration.ofSeconds(30), () -> got.size() >= 2);
        ws.abort();
        assertThat(got).extracting(j -> j.path("id").asInt()).containsExactly(2, 4);
        assertThat(got).allSatisfy(j -> {
            assertThat(j.path("high_value_order").asBoolean()).isTrue();
            assertThat(j.path("customer_email").asText()).isEqualTo(j.path("customer_id").asText() + "@example.com");
        });
        assertThat(received.get("/emails")).extracting(j -> j.path("customer_id").asText()).containsExactly("c2", "c4");
    }

    @Test
    void legacyConfigIsRefusedByLintAtTheRateLimitWithTheDurationHint() throws Exception {
        List<ConfigProblem> problems = lint(seed("legacy.yaml"), "legacy.yaml");
        assertThat(problems).hasSize(1);
        ConfigProblem p = problems.get(0);
        assertThat(p.toString()).startsWith("legacy.yaml:5:17: input.http_client.rate_limit: rate limit resource '60s' was not found");
        assertThat(p.toString()).contains("'60s' is a duration", "rate_limit_resources: [{label: every_60s, local: {count: 1, interval: 60s}}]");
    }

    @Test
    void legacyConfigWithItsRateLimitDeclaredPollsTheAppAndPublishesSimplifiedEvents() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String topic = TestKit.unique("orders");
        kafka.createTopic(topic, 1);
        AtomicInteger polls = new AtomicInteger();
        services.createContext("/orders", ex -> {
            int n = polls.incrementAndGet();
            byte[] out = ("{\"id\":" + n + ",\"total\":" + (n * 10) + ",\"timestamp\":\"2026-01-0" + n + "\",\"internal\":\"x\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        // The fix lint suggests: declare the rate limit the config names (short here, so the test is quick).
        String yaml = seed("legacy.yaml")
                .replace("http://legacy-app/orders", "http://127.0.0.1:" + services.getAddress().getPort() + "/orders")
                .replace("rate_limit: \"60s\"", "rate_limit: every_poll")
                .replace("[\"localhost:9092\"]", "[\"" + kafka.bootstrap() + "\"]")
                .replace("topic: \"orders\"", "topic: \"" + topic + "\"")
                + "rate_limit_resources:\n  - label: every_poll\n    local:\n      count: 1\n      interval: 200ms\n";
        run(yaml);
        List<String> events = consume(kafka, topic, 3);
        // The kafka output writes up to max_in_flight (64) messages at once, so their order in the topic may vary.
        assertThat(events).contains(
                "{\"order_id\":1,\"timestamp\":\"2026-01-01\",\"total\":10}",
                "{\"order_id\":2,\"timestamp\":\"2026-01-02\",\"total\":20}",
                "{\"order_id\":3,\"timestamp\":\"2026-01-03\",\"total\":30}");
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static KafkaProducer<String, String> producer(KafkaBroker kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    /** Reads a topic from the start until {@code expected} records came, or 30 s passed; then a little longer for extras. */
    private static List<String> consume(KafkaBroker kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) out.add(r.value());
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) out.add(r.value());
        }
        return out;
    }
}
