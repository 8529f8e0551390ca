package io.sluice.gateway.streaming;

import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.gateway.streaming.edge.OutputEdge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sluice.gateway.streaming.StreamTestKit.await;
import static io.sluice.gateway.streaming.StreamTestKit.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stream components inside a host (what the gateway will be in phase 2): endpoints mounted through {@link StreamRoutes}
 * below a listen path, each connection and message checked by a {@link DeliveryGuard}, and the fields the host owns
 * refused with errors that name them.
 */
class HostedStreamTest {
    private static final String LISTEN_PATH = "/api";

    private Vertx vertx;
    private HttpServer server;
    private final Map<String, StreamEndpoint> table = new ConcurrentHashMap<>();
    private Stream stream;
    private String base;

    /** A minimal host: a table of mounted endpoints below {@value #LISTEN_PATH}; the "key" is the X-Key header. */
    private final StreamRoutes routes = endpoint -> {
        if (table.putIfAbsent(endpoint.path(), endpoint) != null) throw new IllegalStateException("taken: " + endpoint.path());
        return () -> table.remove(endpoint.path(), endpoint);
    };

    /** Keys: "limited" may receive 3 messages; "missing" is refused; any key can be revoked by the test. */
    private final Map<String, Promise<String>> revocations = new ConcurrentHashMap<>();
    private final AtomicInteger released = new AtomicInteger();
    private final List<String> connected = new CopyOnWriteArrayList<>();

    private final DeliveryGuard guard = request -> {
        String key = (String) request.principal();
        if (key == null) return Future.failedFuture(new DeliveryGuard.Rejection(401, "Authorization field missing"));
        connected.add(key);
        Promise<String> revoked = revocations.computeIfAbsent(key, k -> Promise.promise());
        AtomicInteger allowance = new AtomicInteger(key.equals("limited") ? 3 : Integer.MAX_VALUE);
        return Future.succeededFuture(new DeliveryGuard.Session() {
            @Override
            public Future<DeliveryGuard.Verdict> beforeDeliver(int messages) {
                // answered asynchronously, as a storage-backed quota would be
                Promise<DeliveryGuard.Verdict> p = Promise.promise();
                vertx.setTimer(1, t -> p.complete(allowance.addAndGet(-messages) >= 0 ? DeliveryGuard.Verdict.ALLOW
                        : new DeliveryGuard.Verdict.Close("Quota exceeded")));
                return p.future();
            }

            @Override
            public Future<String> closeSignal() {
                return revoked.future();
            }

            @Override
            public void release() {
                released.incrementAndGet();
            }
        });
    };

    @BeforeEach
    void startHost() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            StreamEndpoint e = path.startsWith(LISTEN_PATH) ? table.get(path.substring(LISTEN_PATH.length())) : null;
            if (e == null) {
                req.response().setStatusCode(404).end();
                return;
            }
            req.pause();
            e.handler().handle(new StreamRequest(req, req.getHeader("X-Key")));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        base = "127.0.0.1:" + server.actualPort() + LISTEN_PATH;
    }

    @AfterEach
    void stopHost() throws Exception {
        StreamTestKit.stop(stream);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Map<Class<?>, Object> services() {
        return Map.of(StreamRoutes.class, routes, DeliveryGuard.class, guard);
    }

    private void startStream(String feedName) throws Exception {
        stream = StreamTestKit.start("""
                input:
                  test_feed: {name: %s}
                pipeline:
                  threads: 1
                output:
                  http_server:
                    ws_message_type: text
                """.formatted(feedName), services());
        await("mounted", Duration.ofSeconds(5), () -> table.size() == 3);
    }

    @Test
    void fieldsTheGatewayOwnsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> StreamTestKit.start("""
                input: {test_feed: {name: refused}}
                output:
                  http_server:
                    address: 0.0.0.0:4195
                """, services()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("output.http_server.address")
                .hasMessageContaining("address is not allowed inside an API: the gateway serves stream paths on its own port");
        assertThatThrownBy(() -> StreamTestKit.start("""
                input:
                  http_server:
                    cors: {enabled: true, allowed_origins: ["*"]}
                output: {sync_response: {}}
                """, services()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("input.http_server.cors")
                .hasMessageContaining("use the API's CORS settings");
        assertThat(table).isEmpty();
    }

    @Test
    void endpointsAreMountedBelowTheListenPathAndUnmountedWhenTheStreamStops() throws Exception {
        startStream("mounts");
        assertThat(table.keySet()).containsExactlyInAnyOrder("/get", "/get/stream", "/get/ws");
        assertThat(table.get("/get/ws").kind()).isEqualTo(StreamEndpoint.Kind.WEBSOCKET);
        assertThat(table.get("/get/stream").kind()).isEqualTo(StreamEndpoint.Kind.STREAM);
        // no key: refused before the upgrade with the host's status and message
        HttpResponse<String> anonymous = StreamTestKit.get("http://" + base + "/get/stream");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"Authorization field missing\"}");
        StreamTestKit.stop(stream);
        stream = null;
        assertThat(table).isEmpty();
    }

    @Test
    void theGuardChecksEveryDeliveredMessageAndClosesConnectionsWithAReason() throws Exception {
        startStream("guarded");
        WsClient limited = connectWs("limited");
        WsClient unlimited = connectWs("unlimited");
        List<String> sse = new CopyOnWriteArrayList<>();
        StreamTestKit.HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://" + base + "/get/stream"))
                .header("Accept", "text/event-stream").header("X-Key", "revoked-later").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> Thread.startVirtualThread(() -> r.body().forEach(sse::add))); // never read the endless body on this thread
        await("3 consumers", Duration.ofSeconds(5), () -> stream.metrics().get(OutputEdge.M_CONNECTED) >= 3);
        assertThat(connected).containsExactlyInAnyOrder("limited", "unlimited", "revoked-later");

        for (int i = 1; i <= 5; i++) feed("guarded").add(List.of("m" + i));
        await("unlimited gets all", Duration.ofSeconds(5), () -> unlimited.messages.size() == 5);
        // the quota of "limited" allows three messages, then the host closes the connection with its reason
        assertThat(limited.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1008 Quota exceeded");
        assertThat(limited.messages).containsExactly("m1", "m2", "m3");
        await("sse got all", Duration.ofSeconds(5), () -> sse.stream().filter(l -> l.startsWith("data: ")).count() == 5);

        // the key is deleted: the host signals, the SSE stream ends with an error event
        vertx.runOnContext(v -> revocations.get("revoked-later").complete("Key has been deleted"));
        await("sse error event", Duration.ofSeconds(5), () -> sse.contains("event: error"));
        assertThat(sse).contains("data: {\"error\":\"Key has been deleted\"}");
        await("released", Duration.ofSeconds(5), () -> released.get() >= 2);
        assertThat(unlimited.closed).isNotDone();
        unlimited.close();
    }

    private WsClient connectWs(String key) throws Exception {
        return WsClient.connect("ws://" + base + "/get/ws", true, "X-Key", key);
    }
}
