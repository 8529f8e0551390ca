package io.sluice.entrypoint.kafka;

import io.sluice.gateway.Gateway;
import io.sluice.gateway.config.EntrypointsConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.runtime.GatewayJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kafka entrypoint with the real {@code kafka-clients} producer and consumer: with an API key as SASL/PLAIN
 * password a producer writes into a stream and a consumer reads the stream's messages back, in order; a wrong password
 * fails authentication; a key without access to the API is refused the topic.
 */
class KafkaEntrypointTest {

    private static final String SECRET = "kafka-test-secret";
    private static final String API = """
            {"openapi": "3.0.3", "info": {"title": "shop", "version": "1.0.0"}, "paths": {},
             "components": {"securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
             "security": [{"authToken": []}],
             "x-tyk-api-gateway": {"info": {"id": "shop", "name": "shop", "state": {"active": true}},
               "server": {"listenPath": {"value": "/shop/", "strip": true},
                          "authentication": {"enabled": true, "securitySchemes": {"authToken": {"enabled": true}}}}},
             "x-tyk-streaming": {"streams": {
               "orders": {"input": {"http_server": {"path": "/orders/publish", "ws_path": ""}},
                          "output": {"http_server": {"path": "/orders/next", "stream_path": "", "ws_path": "", "timeout": "2s"}}}}}}
            """;

    @TempDir
    static Path dir;
    private static Gateway gateway;
    private static KafkaEntrypoint kafka;
    private static String key;
    private static String outsider;

    @BeforeAll
    static void start() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.writeString(apps.resolve("shop.json"), API);
        gateway = Gateway.start(GatewayConfig.defaults().withListenPort(0).withSecret(SECRET).withAppPath(apps.toString())
                .withStorage(StorageConfig.memory()));
        kafka = KafkaEntrypoint.start(gateway, new EntrypointsConfig.Listener("127.0.0.1", 0));
        key = createKey("{\"access_rights\": {\"shop\": {\"api_id\": \"shop\"}}}");
        outsider = createKey("{\"access_rights\": {\"other\": {\"api_id\": \"other\"}}}");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
        if (gateway != null) gateway.stop();
    }

    private static String createKey(String session) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/tyk/keys"))
                .header("x-tyk-authorization", SECRET).POST(HttpRequest.BodyPublishers.ofString(session)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return GatewayJson.MAPPER.readTree(r.body()).path("key").asText();
    }

    private static Properties client(String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + kafka.port());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"" + password + "\";");
        p.put("request.timeout.ms", "10000");
        p.put("default.api.timeout.ms", "15000");
        return p;
    }

    private static KafkaProducer<String, String> producer(String password) {
        Properties p = client(password);
        p.put("acks", "1");
        p.put("enable.idempotence", "false"); // idempotent producers need InitProducerId: not in this slice
        p.put("max.block.ms", "15000");
        p.put("delivery.timeout.ms", "20000");
        p.put("linger.ms", "0");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @Test
    void aProducerWritesIntoAStreamAndAConsumerReadsItBackInOrder() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(key)) {
            for (int i = 0; i < 5; i++) {
                String value = "{\"tag\":\"" + tag + "\",\"i\":" + i + "}";
                producer.send(new ProducerRecord<>("shop.orders", value)).get(20, TimeUnit.SECONDS);
                sent.add(value);
            }
        }
        Properties c = client(key);
        c.put("enable.auto.commit", "false");
        c.put("fetch.max.wait.ms", "300");
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("shop.orders", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.stream().filter(r -> r.value().contains(tag)).count() < 5 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            }
        }
        List<ConsumerRecord<String, String>> ours = got.stream().filter(r -> r.value().contains(tag)).toList();
        assertThat(ours.stream().map(ConsumerRecord::value).toList()).containsExactlyElementsOf(sent);
        // offsets are the output's message ids: consecutive for consecutive messages
        for (int i = 1; i < ours.size(); i++) {
            assertThat(ours.get(i).offset()).isEqualTo(ours.get(i - 1).offset() + 1);
        }
    }

    @Test
    void aWrongPasswordFailsAuthentication() {
        try (KafkaProducer<String, String> producer = producer("not-a-key")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("shop.orders", "x")).get(20, TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(SaslAuthenticationException.class),
                            e -> assertThat(e).hasCauseInstanceOf(SaslAuthenticationException.class));
        }
    }

    @Test
    void aKeyWithoutAccessToTheApiIsRefusedTheTopic() {
        try (KafkaProducer<String, String> producer = producer(outsider)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("shop.orders", "x")).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theAsyncApiDocumentListsTheKafkaServerAndIsValid() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/tyk/apis/oas/shop/asyncapi"))
                .header("x-tyk-authorization", SECRET).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var doc = GatewayJson.MAPPER.readTree(r.body());
        assertThat(doc.at("/servers/kafka/protocol").asText()).isEqualTo("kafka");
        assertThat(doc.at("/servers/kafka/host").asText()).isEqualTo("127.0.0.1:" + kafka.port());
        assertThat(doc.at("/components/securitySchemes/kafka_key/type").asText()).isEqualTo("plain");
    }

    @Test
    void metadataListsTheStreamsAsTopics() {
        Map<String, Object> config = new HashMap<>();
        client(key).forEach((k, v) -> config.put((String) k, v));
        try (var admin = Admin.create(config)) {
            assertThat(admin.listTopics().names().get(20, TimeUnit.SECONDS)).contains("shop.orders");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
