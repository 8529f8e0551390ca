package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.testkit.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AsyncAPI 3 documents imported as stream APIs ({@code POST /tyk/apis/oas/import}): the mapping of Kafka, MQTT, AMQP and
 * NATS bindings onto inputs, and the round trip through a real gateway and the local Mosquitto broker: the imported
 * API serves the MQTT channel over WebSocket, and its generated AsyncAPI document is valid and carries the imported
 * payload schema.
 */
class AsyncApiImportTest {

    /** A YAML document, as they are mostly written; the topic is unique per run so old retained messages do not mix in. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String SENSORS = """
            asyncapi: 3.0.0
            info:
              title: Room sensors
              version: 2.1.0
            servers:
              broker:
                host: 127.0.0.1:1883
                protocol: mqtt
            channels:
              temperature:
                address: sluice-it/%s/rooms/{room}/temperature
                parameters:
                  room: {}
                messages:
                  reading:
                    $ref: '#/components/messages/reading'
            operations:
              readTemperature:
                action: receive
                channel:
                  $ref: '#/channels/temperature'
                bindings:
                  mqtt:
                    qos: 1
            components:
              messages:
                reading:
                  payload:
                    $ref: '#/components/schemas/reading'
              schemas:
                reading:
                  type: object
                  required: [celsius]
                  properties:
                    celsius: {type: number}
                    room: {type: string}
            """.formatted(RUN);

    static final String BROKERS = """
            {"asyncapi": "3.0.0", "info": {"title": "Shop events", "version": "1.0.0"},
             "servers": {
               "kafka": {"host": "k1:9092,k2:9092", "protocol": "kafka"},
               "rabbit": {"host": "mq:5672", "protocol": "amqp"},
               "nats": {"host": "nats:4222", "protocol": "nats"},
               "docs": {"host": "example.com", "protocol": "https"}},
             "channels": {
               "orders": {"address": "shop.orders", "servers": [{"$ref": "#/servers/kafka"}],
                          "bindings": {"kafka": {"topic": "orders-v2"}}},
               "refunds": {"address": "refund.created", "servers": [{"$ref": "#/servers/rabbit"}],
                           "bindings": {"amqp": {"is": "routingKey", "exchange": {"name": "shop", "type": "topic"}}}},
               "invoices": {"address": "invoices", "servers": [{"$ref": "#/servers/rabbit"}],
                            "bindings": {"amqp": {"is": "queue", "queue": {"name": "invoices-q"}}}},
               "stock": {"address": "stock.{sku}", "servers": [{"$ref": "#/servers/nats"}]},
               "pages": {"address": "/pages", "servers": [{"$ref": "#/servers/docs"}]}},
             "operations": {
               "readOrders": {"action": "receive", "channel": {"$ref": "#/channels/orders"},
                              "bindings": {"kafka": {"groupId": {"type": "string", "enum": ["billing"]}}}},
               "readStock": {"action": "receive", "channel": {"$ref": "#/channels/stock"},
                             "bindings": {"nats": {"queue": "stock-readers"}}}}}
            """;

    @TempDir
    static Path dir;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir.resolve("apps"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void bindingsBecomeInputsAndEveryChannelIsServedOverWebSocketAndSse() throws Exception {
        JsonNode api = AsyncApiImport.toApiDocument(Json.read(BROKERS), new AsyncApiImport.Options(null, null, true));
        JsonNode streams = api.at("/x-tyk-streaming/streams");
        assertThat(AsyncApiDocumentTest.names(streams)).containsExactly("orders", "refunds", "invoices", "stock");

        assertThat(streams.at("/orders/input/kafka/addresses").toString()).isEqualTo("[\"k1:9092\",\"k2:9092\"]");
        assertThat(streams.at("/orders/input/kafka/topics/0").asText()).isEqualTo("orders-v2");
        assertThat(streams.at("/orders/input/kafka/consumer_group").asText()).isEqualTo("billing");
        assertThat(streams.at("/refunds/input/amqp_0_9/bindings_declare/0/exchange").asText()).isEqualTo("shop");
        assertThat(streams.at("/refunds/input/amqp_0_9/bindings_declare/0/key").asText()).isEqualTo("refund.created");
        assertThat(streams.at("/invoices/input/amqp_0_9/queue").asText()).isEqualTo("invoices-q");
        assertThat(streams.at("/stock/input/nats/subject").asText()).isEqualTo("stock.*");
        assertThat(streams.at("/stock/input/nats/queue").asText()).isEqualTo("stock-readers");
        assertThat(streams.at("/orders/output/http_server/ws_path").asText()).isEqualTo("/orders/ws");
        assertThat(streams.at("/orders/output/http_server/stream_path").asText()).isEqualTo("/orders/sse");
        assertThat(api.at("/x-tyk-api-gateway/server/listenPath/value").asText()).isEqualTo("/shop-events/");
        assertThat(api.at("/x-tyk-api-gateway/server/authentication/enabled").asBoolean()).isTrue();
    }

    @Test
    void documentsThatCannotBecomeAStreamApiAreRefusedNamingTheField() {
        assertThatThrownBy(() -> AsyncApiImport.toApiDocument(Json.read("""
                {"asyncapi": "3.0.0", "info": {"title": "t", "version": "1"},
                 "servers": {"k": {"host": "k:9092", "protocol": "kafka"}},
                 "channels": {"user": {"address": "user.{id}"}}}"""), new AsyncApiImport.Options(null, null, true)))
                .isInstanceOf(InvalidApiDefinitionException.class).hasMessageContaining("channels.user.address")
                .hasMessageContaining("Kafka topics cannot hold channel parameters");
        assertThatThrownBy(() -> AsyncApiImport.toApiDocument(Json.read("""
                {"asyncapi": "3.0.0", "info": {"title": "t", "version": "1"},
                 "servers": {"w": {"host": "h", "protocol": "ws"}}, "channels": {"a": {"address": "/a"}}}"""),
                new AsyncApiImport.Options(null, null, true)))
                .hasMessageContaining("no channel is served by a Kafka, MQTT, AMQP or NATS server");
        assertThatThrownBy(() -> AsyncApiImport.toApiDocument(Json.read("""
                {"asyncapi": "3.0.0", "info": {"title": "t", "version": "1"},
                 "servers": {"n": {"host": "n:4222", "protocol": "nats"}},
                 "channels": {"a": {"messages": {"m": {"$ref": "#/components/messages/none"}}}}}"""),
                new AsyncApiImport.Options(null, null, true)))
                .hasMessageContaining("channels.a.messages.m.$ref").hasMessageContaining("points at nothing");
        HttpResponse<String> r = gateway.admin("POST", "/tyk/apis/oas/import", "{\"asyncapi\": \"2.6.0\", \"info\": {}}");
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void anImportedMqttChannelIsServedOverWebSocketAndRoundTripsToAValidDocument() throws Exception {
        Services.require("Mosquitto", "127.0.0.1", 1883);
        HttpResponse<String> imported = gateway.admin("POST", "/tyk/apis/oas/import?apiID=sensors", SENSORS);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        gateway.reload();
        String key = gateway.createKey("{\"access_rights\": {\"sensors\": {\"api_id\": \"sensors\"}}}");

        Clients.Ws ws = Clients.Ws.open(gateway.url("/room-sensors/temperature/ws").replace("http://", "ws://"), "Authorization", key);
        // the mqtt input subscribes asynchronously: publish until the first reading comes through
        String topic = "sluice-it/" + RUN + "/rooms/kitchen/temperature";
        Eventually.within(Duration.ofSeconds(20), () -> {
            mosquittoPub(topic, "{\"celsius\": 21.5, \"room\": \"kitchen\"}");
            return !ws.messages.isEmpty();
        });
        assertThat(Json.read(ws.messages.getFirst()).path("celsius").asDouble()).isEqualTo(21.5);
        ws.close();

        HttpResponse<String> r = gateway.admin("GET", "/tyk/apis/oas/sensors/asyncapi", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode generated = Json.read(r.body());
        assertThat(AsyncApiDocumentTest.problems(generated)).isEmpty();
        assertThat(generated.at("/info/title").asText()).isEqualTo("Room sensors");
        assertThat(generated.at("/info/version").asText()).isEqualTo("2.1.0");
        assertThat(AsyncApiDocumentTest.names(generated.path("channels"))).containsExactlyInAnyOrder("temperature_ws", "temperature_sse");
        // the imported payload schema (its $ref resolved) describes the served messages
        assertThat(generated.at("/components/messages/temperature_out/payload")).isEqualTo(Json.read("""
                {"type": "object", "required": ["celsius"], "properties": {"celsius": {"type": "number"}, "room": {"type": "string"}}}"""));
        assertThat(generated.at("/components/messages/temperature_out").has("x-sluice-inferred")).isFalse();
        assertThat(generated.at("/components/securitySchemes")).isNotEmpty();
    }

    private static void mosquittoPub(String topic, String message) {
        try {
            Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", "1883", "-q", "1", "-t", topic, "-m", message)
                    .redirectErrorStream(true).start();
            p.waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
