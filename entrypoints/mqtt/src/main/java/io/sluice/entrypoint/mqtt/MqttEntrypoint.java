package io.sluice.entrypoint.mqtt;

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
import io.vertx.core.http.WebSocketClient;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
public final class MqttEntrypoint implements GatewayCompanion, StreamApis.NativeEntrypoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttEntrypoint.class);

    private Gateway gateway;
    private EntrypointTopics topics;
    private MqttServer server;
    private HttpClient http;
    private WebSocketClient webSockets;

    @Override
    public AutoCloseable start(Gateway gateway, PrintStream out) throws Exception {
        EntrypointsConfig.Listener config = gateway.config().entrypoints() == null ? null : gateway.config().entrypoints().mqtt();
        if (config == null || !config.enabled()) {
            return null;
        }
        MqttEntrypoint running = start(gateway, config);
        out.println("MQTT entrypoint on mqtt://" + (config.listenAddress().isEmpty() ? "0.0.0.0" : config.listenAddress()) + ":"
                + running.port() + " (topics <listen path>/<stream>, the API key as user name or password)");
        return running;
    }

    /** Starts an entrypoint beside {@code gateway} (for tests, and for {@link #start(Gateway, PrintStream)}). */
    public static MqttEntrypoint start(Gateway gateway, EntrypointsConfig.Listener config) throws Exception {
        MqttEntrypoint e = new MqttEntrypoint();
        e.gateway = gateway;
        e.topics = new EntrypointTopics(gateway, '/');
        Vertx vertx = gateway.services().vertx();
        e.http = GatewayLoopback.httpClient(gateway);
        e.webSockets = GatewayLoopback.webSocketClient(gateway, 16 << 20);
        MqttServerOptions options = new MqttServerOptions().setPort(config.listenPort()).setMaxMessageSize(16 << 20);
        if (!config.listenAddress().isEmpty()) options.setHost(config.listenAddress());
        e.server = MqttServer.create(vertx, options);
        e.server.endpointHandler(endpoint -> new MqttSession(e, endpoint).start());
        e.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (gateway.streamApis() != null) gateway.streamApis().addEntrypoint(e);
        LOG.info("MQTT entrypoint listening on port {}", e.server.actualPort());
        return e;
    }

    public int port() {
        return server.actualPort();
    }

    Gateway gateway() {
        return gateway;
    }

    HttpClient http() {
        return http;
    }

    WebSocketClient webSockets() {
        return webSockets;
    }

    /** The API and stream a topic names, or empty. */
    Optional<Target> resolve(String topic) {
        if (topic == null || topic.contains("+") || topic.contains("#")) return Optional.empty();
        return topics.find(topic).map(t -> new Target(t.api(), t.access()));
    }

    /** A stream of an API as a topic reaches it. */
    record Target(ApiDefinition api, StreamApis.StreamAccess access) {
        /** The gateway path of the stream's first WebSocket output endpoint, or null. */
        String webSocketPath() {
            return access.webSockets().isEmpty() ? null : api.listenPath().base() + access.webSockets().getFirst();
        }

        /** The gateway path of the stream's first POST input endpoint, or null. */
        String postPath() {
            return access.posts().isEmpty() ? null : api.listenPath().base() + access.posts().getFirst();
        }
    }

    // ---- StreamApis.NativeEntrypoint: listed in the AsyncAPI documents

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public String protocol() {
        return "mqtt";
    }

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
    public boolean serves(ApiDefinition api) {
        return api.active() && api.isStreamApi();
    }

    @Override
    public void close() {
        if (gateway.streamApis() != null) gateway.streamApis().removeEntrypoint(this);
        try {
            Future.all(server.close(), http.close(), webSockets.close()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT entrypoint did not close cleanly: {}", e.toString());
        }
    }

}
