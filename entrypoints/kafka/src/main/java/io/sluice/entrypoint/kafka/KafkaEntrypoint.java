package io.sluice.entrypoint.kafka;

import io.sluice.entrypoint.ProtocolEntrypoint;
import io.sluice.gateway.EntrypointTopics;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.config.EntrypointsConfig;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

import java.util.List;
import java.util.Map;

/**
 * The Kafka entrypoint (vertical slice of {@code docs/design/kafka-entrypoint.md}): Kafka clients see the gateway as a
 * one-broker cluster whose topics are the streams of its stream APIs ({@code events.ticker} for stream {@code ticker}
 * of the API at {@code /events/}), authenticate with SASL/PLAIN where the password is the API key, produce into a
 * stream's {@code http_server} input and fetch from its output. Like the MQTT entrypoint, every produced record and every
 * fetched message goes through the gateway's own HTTP endpoints on the loopback interface with the key, so access
 * rights and per-message limits are the API's. Requests and responses are Kafka's own message classes.
 */
public final class KafkaEntrypoint extends ProtocolEntrypoint {

    private NetServer server;
    private String advertisedHost;

    public KafkaEntrypoint() {
        super("kafka", "Kafka", EntrypointsConfig::kafka, KafkaEntrypoint::start);
    }

    @Override
    protected String startedLine(EntrypointsConfig.Listener config) {
        return "Kafka entrypoint on " + advertisedHost + ":" + port()
                + " (topics <listen path with . for />.<stream>, SASL/PLAIN with the API key as password)";
    }

    /** Starts an entrypoint beside {@code gateway}. */
    public static KafkaEntrypoint start(Gateway gateway, EntrypointsConfig.Listener config) throws Exception {
        KafkaEntrypoint e = new KafkaEntrypoint();
        e.attach(gateway, '.');
        String listen = config.listenAddress().isEmpty() ? "0.0.0.0" : config.listenAddress();
        e.advertisedHost = listen.equals("0.0.0.0") ? "127.0.0.1" : listen;
        e.server = gateway.services().vertx().createNetServer(new NetServerOptions().setPort(config.listenPort()).setHost(listen));
        e.server.connectHandler(socket -> new KafkaConnection(e, socket).start());
        e.listening(e.server.listen());
        return e;
    }

    @Override
    public int port() {
        return server.actualPort();
    }

    String advertisedHost() {
        return advertisedHost;
    }

    /** Every topic the gateway's stream APIs offer, by name. */
    Map<String, EntrypointTopics.Topic> allTopics() {
        return topics().all();
    }

    // ---- listed in AsyncAPI documents

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
    protected List<Future<?>> closeOwn() {
        return List.of(server.close());
    }
}
