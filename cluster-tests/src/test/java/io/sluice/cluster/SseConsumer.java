package io.sluice.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Server-Sent Events consumer that behaves like a browser's EventSource: it remembers the last {@code id:}, and when
 * the stream ends (the node died, or closed it with {@code event: error}) or cannot be opened, it connects again,
 * through the load balancer, with {@code Last-Event-ID}. It records every event with the time it arrived.
 */
final class SseConsumer implements AutoCloseable {

    record Event(long id, String data, long atNanos) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

    final String name;
    private final String url;
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** What the server said when it ended the stream ({@code event: error} data), in order. */
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    /** When (nanoTime) each connection was opened. */
    final List<Long> connectedAt = new CopyOnWriteArrayList<>();
    private volatile long lastId = -1;
    private volatile boolean closed;
    private volatile InputStream current;
    private volatile boolean connected;

    SseConsumer(String name, String url) {
        this.name = name;
        this.url = url;
        Thread.ofVirtual().name("sse-" + name).start(this::run);
    }

    /** Connections opened after the first one. */
    int reconnects() {
        return Math.max(0, connects.get() - 1);
    }

    boolean connected() {
        return connected;
    }

    private void run() {
        while (!closed) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
                if (lastId >= 0) b.header("Last-Event-ID", Long.toString(lastId));
                HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    r.body().close();
                    Ports.sleep(100);
                    continue;
                }
                connects.incrementAndGet();
                connectedAt.add(System.nanoTime());
                current = r.body();
                connected = true;
                read(new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // the node went away, or we closed: connect again (unless closed)
            } catch (InterruptedException e) {
                return;
            } finally {
                connected = false;
            }
            if (!closed) Ports.sleep(100);
        }
    }

    private void read(BufferedReader in) throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    if ("error".equals(event)) {
                        errors.add(data.toString());
                    } else if (id != null) {
                        long n = Long.parseLong(id);
                        lastId = n;
                        events.add(new Event(n, data.toString(), System.nanoTime()));
                    }
                }
                id = null;
                event = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        }
    }

    /** The {@code seq} numbers of the events, in the order they arrived. */
    List<Long> seqs() {
        return events.stream().map(e -> seq(e.data())).toList();
    }

    static long seq(String data) {
        Matcher m = SEQ.matcher(data);
        if (!m.find()) throw new AssertionError("no seq in " + data);
        return Long.parseLong(m.group(1));
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = current;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
