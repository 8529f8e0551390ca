package io.sluice.connectors.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real HTTP server on a free loopback port that records every request and answers per path. */
final class TestServer implements AutoCloseable {

    record Request(String method, URI uri, Headers headers, byte[] body, long atNanos) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(Request req, HttpExchange ex) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::dispatch);
        server.start();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(),
                    ex.getRequestBody().readAllBytes(), System.nanoTime());
            requests.add(req);
            Handler h = handlers.get(ex.getRequestURI().getPath());
            if (h == null) reply(ex, 404, "no handler for " + ex.getRequestURI().getPath());
            else h.handle(req, ex);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    TestServer on(String path, Handler h) {
        handlers.put(path, h);
        return this;
    }

    /** Answers every request to {@code path} with {@code status} and {@code body}. */
    TestServer answer(String path, int status, String body, String... headers) {
        return on(path, (req, ex) -> reply(ex, status, body, headers));
    }

    List<Request> requests(String path) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) if (r.uri().getPath().equals(path)) out.add(r);
        return out;
    }

    /** Waits until {@code path} got at least {@code n} requests and returns them. */
    List<Request> await(String path, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> got = requests(path);
            if (got.size() >= n) return got;
            Thread.sleep(10);
        }
        throw new AssertionError("expected " + n + " requests to " + path + " within " + timeout + ", got " + requests(path).size());
    }

    static void reply(HttpExchange ex, int status, String body, String... headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 1 < headers.length; i += 2) ex.getResponseHeaders().add(headers[i], headers[i + 1]);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
