package io.sluice.entrypoint.mqtt;

import io.sluice.entrypoint.ProtocolEntrypoint;
import io.sluice.gateway.EntrypointTopics;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.GatewayCompanion;
import io.sluice.gateway.GatewayLoopback;
import io.sluice.gateway.config.EntrypointsConfig;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;

import java.util.List;
import java.util.Optional;

/**
 * The MQTT entrypoint: MQTT 3.1.1 and 5 clients reach the gateway's stream APIs. A topic names an API by its listen
 * path and one of its streams: {@code <listen path>/<stream>} without the outer slashes ({@code events/ticker} for stream
 * {@code ticker} of the API at {@code /events/}). Subscribing receives what the stream's {@code http_server} output
 * serves on its WebSocket; publishing sends into its {@code http_server} input's POST endpoint.
 *
 * <p>Each subscription and each published message goes through the gateway's own HTTP path on the loopback
 * interface, carrying the client's credential where the API reads it, so the API's authentication, the key's access
 * rights (per API and {@code allowed_urls}), its rate limit and quota per message, and the API's analytics apply
 * exactly as to a WebSocket or POST client; nothing about keys and policies is implemented twice. See the module
 * README for what that costs and what is left.
 *
 * <p>Runs as a {@link GatewayCompanion} when {@code entrypoints.mqtt.listen_port} is set, and lists itself in the
 * AsyncAPI documents of the stream APIs it serves.
 */
public final class MqttEntrypoint extends ProtocolEntrypoint {

    private MqttServer server;
    private WebSocketClient webSockets;

    public MqttEntrypoint() {
        super("mqtt", "MQTT", EntrypointsConfig::mqtt, MqttEntrypoint::start);
    }

    @Override
    protected String startedLine(EntrypointsConfig.Listener config) {
        return "MQTT entrypoint on mqtt://" + (config.listenAddress().isEmpty() ? "0.0.0.0" : config.listenAddress()) + ":"
                + port() + " (topics <listen path>/<stream>, the API key as user name or password)";
    }

    /** Starts an entrypoint beside {@code gateway} (for tests; the gateway starts it through {@link ProtocolEntrypoint#start}). */
    public static MqttEntrypoint start(Gateway gateway, EntrypointsConfig.Listener config) throws Exception {
        MqttEntrypoint e = new MqttEntrypoint();
        e.attach(gateway, '/');
        e.webSockets = GatewayLoopback.webSocketClient(gateway, 16 << 20);
        MqttServerOptions options = new MqttServerOptions().setPort(config.listenPort()).setMaxMessageSize(16 << 20);
        if (!config.listenAddress().isEmpty()) options.setHost(config.listenAddress());
        e.server = MqttServer.create(gateway.services().vertx(), options);
        e.server.endpointHandler(endpoint -> new MqttClientSession(e, endpoint).start());
        e.listening(e.server.listen());
        return e;
    }

    @Override
    public int port() {
        return server.actualPort();
    }

    WebSocketClient webSockets() {
        return webSockets;
    }

    /** The API and stream a topic names, or empty; a topic filter with wildcards names none. */
    @Override
    public Optional<EntrypointTopics.Topic> resolve(String topic) {
        if (topic == null || topic.contains("+") || topic.contains("#")) return Optional.empty();
        return super.resolve(topic);
    }

    // ---- StreamApis.NativeEntrypoint: listed in the AsyncAPI documents

    @Override
    public String protocolVersion() {
        return "5";
    }

    @Override
    public String host(String httpHost) {
        String hostOnly = httpHost.startsWith("[") ? httpHost.substring(0, httpHost.indexOf(']') + 1)
                : httpHost.contains(":") ? httpHost.substring(0, httpHost.lastIndexOf(':')) : httpHost;
        return hostOnly + ":" + port();
    }

    @Override
    public String description() {
        return "MQTT 3.1.1 and 5: subscribe to or publish on <listen path>/<stream>; the API key as user name or password.";
    }

    @Override
    protected List<Future<?>> closeOwn() {
        return List.of(server.close(), webSockets.close());
    }
}
