package io.sluice.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream for tests, on its own Vert.x instance:
 * <ul>
 *   <li>{@code /slow?ms=N} answers after N ms;</li>
 *   <li>{@code /sha256} reads the body as a stream and answers its length and SHA-256;</li>
 *   <li>{@code /bytes?n=N} streams N bytes back in 64 KiB chunks, with back-pressure;</li>
 *   <li>anything else echoes method, path, query and headers as JSON.</li>
 * </ul>
 */
public final class TestUpstream implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final boolean ssl;

    public TestUpstream() throws Exception {
        this(new HttpServerOptions());
    }

    private TestUpstream(HttpServerOptions options) throws Exception {
        this.ssl = options.isSsl();
        server = vertx.createHttpServer(options).requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** An HTTPS upstream presenting {@code certificate}; with {@code clientCa}, only clients it signed get in. */
    public static TestUpstream tls(TestCertificates.Issued certificate, Path clientCa) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certFile().toString())
                        .setKeyPath(certificate.keyFile().toString()));
        if (clientCa != null) {
            options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions().addCertPath(clientCa.toString()));
        }
        return new TestUpstream(options);
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return (ssl ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public int requestCount() {
        return requests.get();
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        switch (request.path()) {
            case "/slow" -> {
                long ms = Long.parseLong(request.getParam("ms", "2000"));
                vertx.setTimer(ms, t -> request.response().end("slow"));
            }
            case "/sha256" -> sha256(request);
            case "/bytes" -> bytes(request, Long.parseLong(request.getParam("n", "0")));
            default -> request.body().onSuccess(body -> echo(request, body));
        }
    }

    private static void echo(HttpServerRequest request, Buffer body) {
        JsonObject headers = new JsonObject();
        request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        JsonObject json = new JsonObject()
                .put("method", request.method().name())
                .put("path", request.path())
                .put("query", request.query() == null ? "" : request.query())
                .put("headers", headers)
                .put("body", body.toString());
        request.response().putHeader("Content-Type", "application/json")
                .putHeader("X-Upstream", "yes")
                .putHeader("Connection", "keep-alive, X-Drop-Me")
                .putHeader("X-Drop-Me", "hop")
                .putHeader("Keep-Alive", "timeout=5")
                .end(json.encode());
    }

    private static void sha256(HttpServerRequest request) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long[] length = {0};
        request.handler(chunk -> {
            length[0] += chunk.length();
            digest.update(chunk.getBytes());
        });
        request.endHandler(v -> request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("length", length[0]).put("sha256", HexFormat.of().formatHex(digest.digest())).encode()));
    }

    /** Deterministic content (byte i = i mod 251) so the client can check what it got. */
    private void bytes(HttpServerRequest request, long total) {
        var response = request.response().putHeader("Content-Length", Long.toString(total));
        long[] sent = {0};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < total && !response.writeQueueFull()) {
                int size = (int) Math.min(65536, total - sent[0]);
                byte[] chunk = new byte[size];
                for (int i = 0; i < size; i++) {
                    chunk[i] = (byte) ((sent[0] + i) % 251);
                }
                sent[0] += size;
                response.write(Buffer.buffer(chunk));
            }
            if (sent[0] >= total) {
                response.end();
            } else {
                response.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
