package io.sluice.console.support;

import com.sun.net.httpserver.HttpServer;
import io.sluice.console.webhook.WebhookSignature;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A subscriber for tests: the JDK's HTTP server on a free loopback port, recording every request with whether its
 * signature verified. What it answers is set per test ({@link #answer}); {@link #gate} can hold requests to play a slow
 * subscriber.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String id, String event, String timestamp, String signature, String body, boolean signatureValid) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    public final AtomicInteger answer = new AtomicInteger(204);
    public final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final HttpServer server;
    private final String secret;

    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
                String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
                String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
                boolean valid = Signatures.verify(this.secret, timestamp, signature, body);
                received.add(new Received(id, exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_HEADER), timestamp,
                        signature, new String(body, StandardCharsets.UTF_8), valid));
                attemptsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                var latch = gate.get();
                if (latch != null) {
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(answer.get(), -1);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** Requests answered (or to be answered) with 2xx, by delivery id. */
    public long distinctIds() {
        return received.stream().map(Received::id).distinct().count();
    }

    @Override
    public void close() {
        var latch = gate.get();
        if (latch != null) {
            latch.countDown();
        }
        server.stop(0);
    }
}
