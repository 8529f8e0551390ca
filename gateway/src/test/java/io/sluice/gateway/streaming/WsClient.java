package io.sluice.gateway.streaming;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A java.net.http WebSocket client that records messages and the close; it can stop reading to play a slow client. */
final class WsClient implements WebSocket.Listener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> closed = new CompletableFuture<>(); // "code reason"
    private final StringBuilder text = new StringBuilder();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final boolean reading;
    volatile WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    static WsClient connect(String url) throws Exception {
        return connect(url, true);
    }

    /** With {@code reading} false the client asks for one message only and then stops reading from the socket. */
    static WsClient connect(String url, boolean reading, String... headers) throws Exception {
        WsClient c = new WsClient(reading);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        c.socket = b.buildAsync(URI.create(url), c).get(10, TimeUnit.SECONDS);
        return c;
    }

    /** Starts reading (again) without limit. */
    void readAll() {
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(reading ? Long.MAX_VALUE : 1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            messages.add(binary.toString(StandardCharsets.UTF_8));
            binary = new ByteArrayOutputStream();
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }

    void send(String message) throws Exception {
        socket.sendText(message, true).get(5, TimeUnit.SECONDS);
    }

    void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
    }
}
