package io.sluice.entrypoint;

import io.sluice.gateway.EntrypointTopics;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.GatewayCompanion;
import io.sluice.gateway.GatewayLoopback;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.config.EntrypointsConfig;
import io.sluice.gateway.streamapi.StreamApis;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The life every entrypoint that speaks another protocol to the stream APIs shares (MQTT, Kafka). It runs beside the
 * gateway as a {@link GatewayCompanion} when its part of the config enables it; it reaches the streams through the
 * gateway's own HTTP port on the loopback interface, so keys, policies and analytics apply as to any HTTP client; and
 * while it listens it is listed in the AsyncAPI documents of the stream APIs it serves.
 *
 * <p>A subclass binds its protocol's server between {@link #attach} and {@link #listening}, and says what to close.
 */
public abstract class ProtocolEntrypoint implements GatewayCompanion, StreamApis.NativeEntrypoint, AutoCloseable {

    /** Starts an entrypoint of one kind beside a gateway (the subclass's static {@code start}). */
    @FunctionalInterface
    protected interface Starter {
        ProtocolEntrypoint start(Gateway gateway, EntrypointsConfig.Listener config) throws Exception;
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final String title;
    private final Function<EntrypointsConfig, EntrypointsConfig.Listener> listener;
    private final Starter starter;
    private Gateway gateway;
    private EntrypointTopics topics;
    private HttpClient http;

    /**
     * @param name     the AsyncAPI server name and protocol, e.g. {@code mqtt}
     * @param title    how logs name it, e.g. {@code MQTT}
     * @param listener its part of the gateway's {@code entrypoints} settings (null without one)
     * @param starter  starts a running entrypoint of this kind, when the gateway's settings enable it
     */
    protected ProtocolEntrypoint(String name, String title, Function<EntrypointsConfig, EntrypointsConfig.Listener> listener,
                                 Starter starter) {
        this.name = name;
        this.title = title;
        this.listener = listener;
        this.starter = starter;
    }

    /** The line that tells the user where clients connect and how they authenticate. */
    protected abstract String startedLine(EntrypointsConfig.Listener config);

    /** The futures of closing what the subclass opened: its server and any client besides the loopback HTTP one. */
    protected abstract List<Future<?>> closeOwn();

    /** The port the server listens on. */
    public abstract int port();

    @Override
    public final AutoCloseable start(Gateway gateway, PrintStream out) throws Exception {
        EntrypointsConfig entrypoints = gateway.config().entrypoints();
        EntrypointsConfig.Listener config = entrypoints == null ? null : listener.apply(entrypoints);
        if (config == null || !config.enabled()) {
            return null;
        }
        ProtocolEntrypoint running = starter.start(gateway, config);
        out.println(running.startedLine(config));
        return running;
    }

    /** Joins {@code gateway}: its topics, with {@code separator} for {@code /}, and a loopback HTTP client. */
    protected final void attach(Gateway gateway, char separator) {
        this.gateway = gateway;
        this.topics = new EntrypointTopics(gateway, separator);
        this.http = GatewayLoopback.httpClient(gateway);
    }

    /** Waits for the server to bind (10 seconds at most), then lists this entrypoint in the AsyncAPI documents. */
    protected final void listening(Future<?> bound) throws Exception {
        bound.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (gateway.streamApis() != null) gateway.streamApis().addEntrypoint(this);
        log.info("{} entrypoint listening on port {}", title, port());
    }

    public final Gateway gateway() {
        return gateway;
    }

    /** The client of the gateway's own HTTP port. */
    public final HttpClient http() {
        return http;
    }

    /** The API and stream a topic names, or empty. */
    public Optional<EntrypointTopics.Topic> resolve(String topic) {
        return topics.find(topic);
    }

    protected final EntrypointTopics topics() {
        return topics;
    }

    // ---- StreamApis.NativeEntrypoint: listed in the AsyncAPI documents

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String protocol() {
        return name;
    }

    @Override
    public boolean serves(ApiDefinition api) {
        return api.active() && api.isStreamApi();
    }

    @Override
    public void close() {
        if (gateway.streamApis() != null) gateway.streamApis().removeEntrypoint(this);
        List<Future<?>> closing = new ArrayList<>(closeOwn());
        closing.add(http.close());
        try {
            Future.all(closing).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("{} entrypoint did not close cleanly: {}", title, e.toString());
        }
    }
}
