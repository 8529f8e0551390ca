package io.sluice.entrypoint.kafka;

import io.sluice.gateway.EntrypointTopics;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.GatewayLoopback;
import io.sluice.gateway.GatewayCompanion;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.config.EntrypointsConfig;
import io.sluice.gateway.streamapi.StreamApis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka entrypoint (vertical slice of {@code docs/design/kafka-entrypoint.md}): Kafka clients see the gateway as a
 * one-broker cluster whose topics are the streams of its stream APIs ({@code events.ticker} for stream {@code ticker}
 * of the API at {@code /events/}), authenticate with SASL/PLAIN where the password is the API key, produce into a
 * stream's {@code http_server} input and fetch from its output. Like the MQTT entrypoint, every produced record and every
 * fetched message goes through the gateway's own HTTP endpoints on the loopback interface with the key, so access
 * rights and per-message limits are the API's. Requests and responses are Kafka's own message classes.
 */
public final class KafkaEntrypoint implements GatewayCompanion, StreamApis.NativeEntrypoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEntrypoint.class);

    private Gateway gateway;
    private NetServer server;
    private HttpClient http;
    private String advertisedHost;
    private EntrypointTopics topics;

    @Override
    public AutoCloseable start(Gateway gateway, PrintStream out) throws Exception {
        EntrypointsConfig.Listener config = gateway.config().entrypoints() == null ? null : gateway.config().entrypoints().kafka();
        if (config == null || !config.enabled()) {
            return null;
        }
        KafkaEntrypoint running = start(gateway, config);
        out.println("Kafka entrypoint on " + running.advertisedHost + ":" + running.port()
                + " (topics <listen path with . for />.<stream>, SASL/PLAIN with the API key as password)");
        return running;
    }

    /** Starts an entrypoint beside {@code gateway}. */
    public static KafkaEntrypoint start(Gateway gateway, EntrypointsConfig.Listener config) throws Exception {
        KafkaEntrypoint e = new KafkaEntrypoint();
        e.gateway = gateway;
        e.topics = new EntrypointTopics(gateway, '.');
        Vertx vertx = gateway.services().vertx();
        e.http = GatewayLoopback.httpClient(gateway);
        String listen = config.listenAddress().isEmpty() ? "0.0.0.0" : config.listenAddress();
        e.advertisedHost = listen.equals("0.0.0.0") ? "127.0.0.1" : listen;
        e.server = vertx.createNetServer(new NetServerOptions().setPort(config.listenPort()).setHost(listen));
        e.server.connectHandler(socket -> new KafkaConnection(e, socket).start());
        e.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (gateway.streamApis() != null) gateway.streamApis().addEntrypoint(e);
        LOG.info("Kafka entrypoint listening on port {}", e.server.actualPort());
        return e;
    }

    public int port() {
        return server.actualPort();
    }

    String advertisedHost() {
        return advertisedHost;
    }

    Gateway gateway() {
        return gateway;
    }

    HttpClient http() {
        return http;
    }

    /** A stream of an API as a topic names it. */
    record Target(ApiDefinition api, StreamApis.StreamAccess access) {
        String postPath() {
            return access.posts().isEmpty() ? null : api.listenPath().base() + access.posts().getFirst();
        }

        String getPath() {
            return access.gets().isEmpty() ? null : api.listenPath().base() + access.gets().getFirst();
        }
    }

    /** Every topic the gateway's stream APIs offer, by name. */
    Map<String, Target> topics() {
        Map<String, Target> out = new LinkedHashMap<>();
        topics.all().forEach((name, topic) -> out.put(name, new Target(topic.api(), topic.access())));
        return out;
    }

    Optional<Target> resolve(String topic) {
        return topics.find(topic).map(t -> new Target(t.api(), t.access()));
    }

    // ---- listed in AsyncAPI documents

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String protocol() {
        return "kafka";
    }

    @Override
    public String host(String httpHost) {
        return advertisedHost + ":" + port();
    }

    @Override
    public String securityType() {
        return "plain";
    }

    @Override
    public String description() {
        return "Kafka protocol: topics <listen path with . for />.<stream>; SASL/PLAIN with the API key as password.";
    }

    @Override
    public boolean serves(ApiDefinition api) {
        return api.active() && api.isStreamApi();
    }

    @Override
    public void close() {
        if (gateway.streamApis() != null) gateway.streamApis().removeEntrypoint(this);
        try {
            Future.all(server.close(), http.close()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Kafka entrypoint did not close cleanly: {}", e.toString());
        }
    }
}
