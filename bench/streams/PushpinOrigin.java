import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The peer baseline of bench/streams: Pushpin (a fan-out proxy for SSE and WebSocket) in front of this origin.
 * The origin answers every SSE request with a GRIP "hold the stream open on channel tick" instruction, and every
 * WebSocket (Pushpin's WebSocket-over-HTTP protocol) with a subscription to the same channel; then, every
 * {@code interval} ms, it publishes {@code {"n":..,"ts":<epoch ns>}} to the channel through Pushpin's publish API,
 * and Pushpin delivers it to every held connection. The same load client measures it as the gateway.
 *
 * <p>Usage: {@code java PushpinOrigin ORIGIN_PORT PUBLISH_URL INTERVAL_MS}
 */
public final class PushpinOrigin {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI publish = URI.create(args[1]);
        long intervalMs = Long.parseLong(args[2]);

        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/sse", PushpinOrigin::holdStream);
        origin.createContext("/ws", PushpinOrigin::subscribeWebSocket);
        origin.start();
        System.out.println("READY");

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Ticks.every(intervalMs, (id, json) -> {
            String sse = "id: " + id + "\ndata: " + json + "\n\n";
            String body = "{\"items\":[{\"channel\":\"tick\",\"formats\":{"
                    + "\"http-stream\":{\"content\":" + quote(sse) + "},"
                    + "\"ws-message\":{\"content\":" + quote(json) + "}}}]}";
            try {
                client.send(HttpRequest.newBuilder(publish).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                System.err.println("publish failed: " + e);
            }
        });
    }

    /** SSE: hold the response open as a stream subscribed to the channel. */
    private static void holdStream(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        byte[] first = ": connected\n\n".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Grip-Hold", "stream");
        ex.getResponseHeaders().add("Grip-Channel", "tick");
        ex.sendResponseHeaders(200, first.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(first);
        }
    }

    /** WebSocket-over-HTTP: accept the opening and subscribe the socket to the channel; ignore later events. */
    private static void subscribeWebSocket(HttpExchange ex) throws IOException {
        String events = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder reply = new StringBuilder();
        if (events.startsWith("OPEN")) {
            String control = "c:{\"type\": \"subscribe\", \"channel\": \"tick\"}";
            reply.append("OPEN\r\n").append("TEXT ").append(Integer.toHexString(control.getBytes(StandardCharsets.UTF_8).length))
                    .append("\r\n").append(control).append("\r\n");
        }
        byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/websocket-events");
        ex.getResponseHeaders().add("Sec-WebSocket-Extensions", "grip");
        ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
