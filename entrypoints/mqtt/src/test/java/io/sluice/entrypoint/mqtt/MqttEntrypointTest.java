package io.sluice.entrypoint.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.config.EntrypointsConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MQTT entrypoint with real clients: {@code mosquitto_sub} / {@code mosquitto_pub} (MQTT 3.1.1) and the HiveMQ
 * client (MQTT 5). A client with a key receives a stream's messages and publishes into a stream; without a key, with
 * an unknown one, or with a key that has no access to the API, it is refused.
 */
class MqttEntrypointTest {

    private static final String SECRET = "mqtt-test-secret";
    private static final String API = """
            {"openapi": "3.0.3", "info": {"title": "events", "version": "1.0.0"}, "paths": {},
             "components": {"securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
             "security": [{"authToken": []}],
             "x-tyk-api-gateway": {"info": {"id": "events", "name": "events", "state": {"active": true}},
               "server": {"listenPath": {"value": "/events/", "strip": true},
                          "authentication": {"enabled": true, "securitySchemes": {"authToken": {"enabled": true}}}}},
             "x-tyk-streaming": {"streams": {
               "ticker": "input:\\n  generate:\\n    interval: 50ms\\n    mapping: 'root = {\\"n\\": counter()}'\\noutput:\\n  http_server:\\n    ws_path: /ticker/ws\\n    ws_message_type: text\\n",
               "chat": {"input": {"http_server": {"path": "/chat/publish", "ws_path": ""}},
                        "output": {"http_server": {"path": "", "stream_path": "", "ws_path": "/chat/ws", "ws_message_type": "text"}}}}}}
            """;

    /** The same stream API, authenticated by JWTs signed with a shared secret; a policy gives access. */
    static final String JWT_SECRET = "0123456789abcdef0123456789abcdef-mqtt-jwt";
    private static final String JWT_API = """
            {"openapi": "3.0.3", "info": {"title": "signed", "version": "1.0.0"}, "paths": {},
             "components": {"securitySchemes": {"jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
             "security": [{"jwt": []}],
             "x-tyk-api-gateway": {"info": {"id": "signed", "name": "signed", "state": {"active": true}},
               "server": {"listenPath": {"value": "/signed/", "strip": true},
                          "authentication": {"enabled": true, "securitySchemes": {"jwt": {"enabled": true, "signingMethod": "hmac",
                             "source": "%s", "identityBaseField": "sub", "policyFieldName": "pol", "defaultPolicies": ["signed-readers"],
                             "header": {"enabled": true, "name": "Authorization"}}}}}},
             "x-tyk-streaming": {"streams": {
               "ticker": "input:\\n  generate:\\n    interval: 50ms\\n    mapping: 'root = {\\"n\\": counter()}'\\noutput:\\n  http_server:\\n    ws_path: /ticker/ws\\n    ws_message_type: text\\n"}}}
            """.formatted(Base64.getEncoder().encodeToString(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));

    @TempDir
    static Path dir;
    private static Gateway gateway;
    private static MqttEntrypoint mqtt;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String key;
    private static String outsider;

    @BeforeAll
    static void start() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.writeString(apps.resolve("events.json"), API);
        Files.writeString(apps.resolve("signed.json"), JWT_API);
        gateway = Gateway.start(GatewayConfig.defaults().withListenPort(0).withSecret(SECRET).withAppPath(apps.toString())
                .withStorage(StorageConfig.memory()));
        mqtt = MqttEntrypoint.start(gateway, new EntrypointsConfig.Listener("127.0.0.1", 0));
        key = createKey("{\"access_rights\": {\"events\": {\"api_id\": \"events\"}}}");
        outsider = createKey("{\"access_rights\": {\"other\": {\"api_id\": \"other\"}}}");
        HttpResponse<String> policy = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/tyk/policies"))
                .header("x-tyk-authorization", SECRET).POST(HttpRequest.BodyPublishers.ofString("""
                        {"id": "signed-readers", "rate": 1000, "per": 1, "quota_max": -1, "access_rights": {"signed": {"api_id": "signed"}}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    }

    private static String jwt(String subject, String secret) throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject(subject)
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    @Test
    void aJwtAsPasswordIsCheckedByTheApiItIsUsedOn() throws Exception {
        Result signed = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv5", "-t", "signed/ticker",
                "-u", "jwt-user", "-P", jwt("mqtt-user", JWT_SECRET), "-C", "2", "-W", "20");
        assertThat(signed.exit()).as(signed.output()).isZero();
        assertThat(signed.lines()).hasSize(2).allMatch(l -> l.contains("\"n\""));

        // a forged token connects (it looks like a JWT) but the API refuses the topic
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("forged-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(mqtt.port()).buildAsync();
        client.connectWith().simpleAuth().username("x").password(jwt("mqtt-user", "another-secret-that-is-32-bytes-long!!")
                .getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().join();
        try {
            Mqtt5SubAck ack = client.subscribeWith().topicFilter("signed/ticker").qos(MqttQos.AT_MOST_ONCE).send()
                    .exceptionally(MqttEntrypointTest::subAckOf).join();
            assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            client.disconnect().join();
        }
    }

    @AfterAll
    static void stop() {
        if (mqtt != null) mqtt.close();
        if (gateway != null) gateway.stop();
    }

    /** The gateway's way in: as a companion, started only when its config gives the entrypoint a port. */
    @Test
    void theGatewayStartsItAsACompanionWhenItsConfigGivesAPort() throws Exception {
        assertThat(new MqttEntrypoint().start(gateway, new PrintStream(OutputStream.nullOutputStream()))).isNull();

        int port = TestKit.freePort();
        Gateway configured = Gateway.start(GatewayConfig.defaults().withListenPort(0).withSecret(SECRET).withAppPath(dir.resolve("apps").toString())
                .withStorage(StorageConfig.memory())
                .withEntrypoints(new EntrypointsConfig(new EntrypointsConfig.Listener("127.0.0.1", port), null)));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (AutoCloseable running = new MqttEntrypoint().start(configured, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(running).isInstanceOf(MqttEntrypoint.class);
            assertThat(((MqttEntrypoint) running).port()).isEqualTo(port);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("MQTT entrypoint on mqtt://127.0.0.1:" + port);
        } finally {
            configured.stop();
        }
    }

    private static String createKey(String session) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/tyk/keys"))
                .header("x-tyk-authorization", SECRET).POST(HttpRequest.BodyPublishers.ofString(session)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return GatewayJson.MAPPER.readTree(r.body()).path("key").asText();
    }

    /** Runs a mosquitto client to its end; returns exit code and everything it printed. */
    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(ended ? p.exitValue() : -1, out);
    }

    record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private String port() {
        return Integer.toString(mqtt.port());
    }

    @Test
    void mosquittoSubWithAKeyReceivesTheStream() throws Exception {
        Result byUser = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-t", "events/ticker", "-u", key, "-P", "", "-C", "3", "-W", "20");
        assertThat(byUser.exit()).as(byUser.output()).isZero();
        List<Long> ns = new ArrayList<>();
        for (String line : byUser.lines()) ns.add(GatewayJson.MAPPER.readTree(line).path("n").asLong());
        assertThat(ns).hasSize(3);
        assertThat(ns.get(1)).isEqualTo(ns.get(0) + 1);
        assertThat(ns.get(2)).isEqualTo(ns.get(1) + 1);

        Result byPassword = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv5", "-t", "events/ticker", "-u", "me", "-P", key, "-C", "2", "-W", "20");
        assertThat(byPassword.exit()).as(byPassword.output()).isZero();
        assertThat(byPassword.lines()).hasSize(2).allMatch(l -> l.contains("\"n\""));
    }

    @Test
    void withoutAKeyOrWithAnUnknownOneTheConnectionIsRefused() throws Exception {
        Result none = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-t", "events/ticker", "-C", "1", "-W", "10");
        assertThat(none.exit()).isNotZero();
        assertThat(none.output().toLowerCase()).contains("not authori");
        Result unknown = run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-t", "events/ticker", "-u", "not-a-key", "-P", "", "-C", "1", "-W", "10");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.output().toLowerCase()).contains("bad user name or password");
    }

    @Test
    void aKeyWithoutAccessToTheApiIsRefusedTheTopic() {
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("outsider-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(mqtt.port()).buildAsync();
        client.connectWith().simpleAuth().username("outsider").password(outsider.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().join();
        try {
            Mqtt5SubAck ack = client.subscribeWith().topicFilter("events/ticker").qos(MqttQos.AT_MOST_ONCE).send()
                    .exceptionally(MqttEntrypointTest::subAckOf)
                    .join();
            assertThat(ack).isNotNull();
            assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            Mqtt5SubAck unknownTopic = client.subscribeWith().topicFilter("events/nothing").qos(MqttQos.AT_MOST_ONCE).send()
                    .exceptionally(MqttEntrypointTest::subAckOf)
                    .join();
            assertThat(unknownTopic.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.TOPIC_FILTER_INVALID);
        } finally {
            client.disconnect().join();
        }
    }

    /** HiveMQ completes a refused subscription exceptionally, with the SUBACK inside. */
    private static Mqtt5SubAck subAckOf(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof Mqtt5SubAckException s ? s.getMqttMessage() : null;
    }

    @Test
    void mosquittoPubPublishesIntoAStreamThatAnMqtt5ClientReceives() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("reader-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(mqtt.port()).buildAsync();
        client.connectWith().simpleAuth().username("reader").password(key.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().join();
        try {
            client.subscribeWith().topicFilter("events/chat").qos(MqttQos.AT_MOST_ONCE)
                    .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().join();
            String tag = UUID.randomUUID().toString();
            for (int i = 0; i < 5; i++) {
                Result pub = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-q", "1", "-t", "events/chat",
                        "-u", "publisher", "-P", key, "-m", "{\"tag\":\"" + tag + "\",\"i\":" + i + "}");
                assertThat(pub.exit()).as(pub.output()).isZero();
            }
            TestKit.await("five messages over MQTT", Duration.ofSeconds(15), () -> received.size() >= 5);
            List<Integer> order = new ArrayList<>();
            for (String m : received) {
                JsonNode n = GatewayJson.MAPPER.readTree(m);
                assertThat(n.path("tag").asText()).isEqualTo(tag);
                order.add(n.path("i").asInt());
            }
            assertThat(order).containsExactly(0, 1, 2, 3, 4);

            // without a key the publisher never gets in
            Result refused = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-q", "1", "-t", "events/chat", "-m", "{}");
            assertThat(refused.exit()).isNotZero();
        } finally {
            client.disconnect().join();
        }
    }

    @Test
    void theAsyncApiDocumentListsTheMqttServer() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/tyk/apis/oas/events/asyncapi"))
                .header("x-tyk-authorization", SECRET).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode server = GatewayJson.MAPPER.readTree(r.body()).at("/servers/mqtt");
        assertThat(server.path("protocol").asText()).isEqualTo("mqtt");
        assertThat(server.path("host").asText()).isEqualTo("127.0.0.1:" + mqtt.port());
    }
}
