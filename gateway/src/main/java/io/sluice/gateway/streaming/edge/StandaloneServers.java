package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.StreamRequest;
import io.sluice.gateway.streaming.StreamRoutes;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP servers of stream components running outside the gateway ({@code sluice run}). All {@code http_server}
 * inputs and outputs of the process that name the same address share one server, as in the original dialect; the
 * server is bound when the first endpoint mounts and closed when the last one unmounts. One server instance runs on
 * each event loop, so connections spread over the cores.
 */
public final class StandaloneServers {

    public static final String DEFAULT_ADDRESS = "0.0.0.0:4195";

    /** TLS files of a server; both empty for plain HTTP. */
    public record Tls(String certFile, String keyFile) {
        public static final Tls NONE = new Tls("", "");

        public boolean enabled() {
            return !certFile.isEmpty() || !keyFile.isEmpty();
        }
    }

    private static final Map<String, Hosted> SERVERS = new HashMap<>();
    private static Vertx vertx;

    private StandaloneServers() {
    }

    /** Host and port of an {@code address} field: "host:port", ":port" or "port"; empty means {@link #DEFAULT_ADDRESS}. */
    public static HostPort parseAddress(String address) {
        String a = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
        int colon = a.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : a.substring(0, colon);
        if (host.isEmpty()) host = "0.0.0.0";
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        String portText = colon < 0 ? a : a.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + address + "' has no valid port");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("address '" + address + "' has no valid port");
        return new HostPort(host, port);
    }

    public record HostPort(String host, int port) {
        String key() {
            return host + ":" + port;
        }
    }

    /**
     * Serves {@code endpoint} on the server at {@code address}, binding it first if needed. Blocks until bound; call
     * it from a stream thread, never from an event loop.
     *
     * @throws IllegalStateException when the path is taken on that server or its TLS settings differ
     * @throws Exception             when the address cannot be bound
     */
    public static StreamRoutes.Mount mount(String address, Tls tls, StreamEndpoint endpoint) throws Exception {
        return mount(address, tls, List.of(endpoint)).getFirst();
    }

    /**
     * Serves several endpoints of one component at once: all their paths are routed before a new server starts
     * listening, so a client that connects as soon as the port accepts never meets a path that is not served yet.
     */
    public static synchronized List<StreamRoutes.Mount> mount(String address, Tls tls, List<StreamEndpoint> endpoints) throws Exception {
        HostPort hp = parseAddress(address);
        Hosted existing = SERVERS.get(hp.key());
        if (existing != null && !existing.tls.equals(tls)) {
            throw new IllegalStateException("address " + hp.key() + " is already served " + (existing.tls.enabled() ? "with other TLS files" : "without TLS")
                    + " by another http_server component");
        }
        Hosted hosted = existing != null ? existing : new Hosted(tls);
        List<StreamEndpoint> added = new ArrayList<>();
        for (StreamEndpoint endpoint : endpoints) {
            StreamEndpoint previous = hosted.routes.putIfAbsent(endpoint.path(), endpoint);
            if (previous != null) {
                added.forEach(e -> hosted.routes.remove(e.path(), e));
                if (existing != null && hosted.routes.isEmpty()) release(hp.key(), hosted);
                throw new IllegalStateException("path " + endpoint.path() + " on " + hp.key() + " is already served by another component ("
                        + previous.description() + ")");
            }
            added.add(endpoint);
        }
        if (existing == null) {
            bind(hp, hosted);
            SERVERS.put(hp.key(), hosted);
        }
        List<StreamRoutes.Mount> mounts = new ArrayList<>();
        for (StreamEndpoint endpoint : endpoints) {
            mounts.add(new StreamRoutes.Mount() {
                private boolean closed;

                @Override
                public void close() {
                    synchronized (StandaloneServers.class) {
                        if (closed) return;
                        closed = true;
                        hosted.routes.remove(endpoint.path(), endpoint);
                        if (hosted.routes.isEmpty()) release(hp.key(), hosted);
                    }
                }
            });
        }
        return mounts;
    }

    private static void bind(HostPort hp, Hosted hosted) throws Exception {
        Tls tls = hosted.tls;
        if (vertx == null) {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
        HttpServerOptions options = new HttpServerOptions().setHost(hp.host()).setPort(hp.port())
                .setCompressionSupported(true).setMaxWebSocketMessageSize(64 * 1024 * 1024).setMaxWebSocketFrameSize(64 * 1024 * 1024);
        if (tls.enabled()) {
            options.setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile()));
        }
        int instances = hp.port() == 0 ? 1 : Math.max(2, Runtime.getRuntime().availableProcessors());
        try {
            hosted.deploymentId = vertx.deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start(Promise<Void> started) {
                    vertx.createHttpServer(options).requestHandler(hosted::dispatch).listen()
                            .onSuccess(s -> {
                                hosted.port = s.actualPort();
                                started.complete();
                            }).onFailure(started::fail);
                }
            }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (SERVERS.isEmpty()) closeVertx();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("failed to bind address " + hp.key() + ": " + cause.getMessage(), cause);
        }
    }

    private static void release(String key, Hosted hosted) {
        SERVERS.remove(key);
        try {
            if (hosted.deploymentId != null) vertx.undeploy(hosted.deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the server goes away with Vert.x below, if this was the last one
        }
        if (SERVERS.isEmpty()) closeVertx();
    }

    private static void closeVertx() {
        Vertx v = vertx;
        vertx = null;
        if (v != null) {
            try {
                v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort at shutdown
            }
        }
    }

    /** The port actually bound at {@code address} (useful when it was 0), or -1 when no server is there. */
    public static synchronized int boundPort(String address) {
        Hosted h = SERVERS.get(parseAddress(address).key());
        return h == null ? -1 : h.port;
    }

    private static final class Hosted {
        final Tls tls;
        final ConcurrentHashMap<String, StreamEndpoint> routes = new ConcurrentHashMap<>();
        volatile String deploymentId;
        volatile int port;

        Hosted(Tls tls) {
            this.tls = Objects.requireNonNull(tls);
        }

        void dispatch(HttpServerRequest request) {
            StreamEndpoint endpoint = route(request.path());
            if (endpoint == null) {
                request.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("Not Found\n");
                return;
            }
            request.pause();
            endpoint.handler().handle(StreamRequest.anonymous(request));
        }

        /** Exact path first, then the longest registered path ending in "/" that prefixes it. */
        StreamEndpoint route(String path) {
            if (path == null) return null;
            StreamEndpoint exact = routes.get(path);
            if (exact != null) return exact;
            StreamEndpoint best = null;
            for (StreamEndpoint e : routes.values()) {
                String p = e.path();
                if (p.endsWith("/") && path.startsWith(p) && (best == null || p.length() > best.path().length())) best = e;
            }
            return best;
        }
    }
}
