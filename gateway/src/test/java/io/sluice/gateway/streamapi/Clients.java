package io.sluice.gateway.streamapi;

import io.sluice.gateway.support.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/** Real clients of stream APIs: a WebSocket and an EventSource-style SSE reader on java.net.http, and processes (curl, wscat). */
public final class Clients {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private Clients() {
    }

    /** A WebSocket client recording text/binary messages and how the server closed. */
    static final class Ws implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        /** "code reason" once closed by the server, "error ..." on failure. */
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();
        volatile WebSocket socket;

        static Ws open(String url, String... headers) throws Exception {
            Ws ws = new Ws();
            WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            ws.socket = b.buildAsync(URI.create(url), ws).get(15, TimeUnit.SECONDS);
            return ws;
        }

        /** The HTTP status the server refused the upgrade with. */
        static int refusedWith(String url, String... headers) throws Exception {
            try {
                Ws ws = open(url, headers);
                ws.abort();
                return 101;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException h) {
                    return h.getResponse().statusCode();
                }
                throw e;
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
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

        void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }

        void abort() {
            socket.abort();
        }
    }

    /** One Server-Sent Event. */
    record Event(String id, String event, String data) {
    }

    /**
     * Reads a Server-Sent Events stream the way a browser's EventSource does: fields per line, an event per blank
     * line, {@code id} remembered for {@code Last-Event-ID}.
     */
    static final class Sse implements AutoCloseable {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final int status;
        final String body;
        volatile String lastEventId;
        private final Stream<String> lines;

        private Sse(int status, String body, Stream<String> lines) {
            this.status = status;
            this.body = body;
            this.lines = lines;
        }

        static Sse open(String url, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            HttpResponse<Stream<String>> response = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).get(15, TimeUnit.SECONDS);
            if (response.statusCode() != 200) {
                String body = String.join("\n", response.body().toList());
                return new Sse(response.statusCode(), body, Stream.empty());
            }
            Sse sse = new Sse(200, "", response.body());
            Thread.ofVirtual().start(sse::read);
            return sse;
        }

        private void read() {
            String id = null;
            String event = null;
            StringBuilder data = null;
            try {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (data != null) {
                            if (id != null) {
                                lastEventId = id;
                            }
                            events.add(new Event(id, event == null ? "message" : event, data.toString()));
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (line.startsWith(":")) {
                        comments.add(line.substring(1).trim());
                    } else {
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
            } catch (RuntimeException e) {
                // closed by us
            } finally {
                ended.complete(null);
            }
        }

        List<String> data() {
            return events.stream().filter(e -> e.event().equals("message")).map(Event::data).toList();
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    /** A client process (curl, wscat) whose stdout lines are recorded; stdin stays open until it is closed. */
    static final class Proc implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Process process;
        private final OutputStream stdin;

        private Proc(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        static Proc start(String... command) throws IOException {
            return new Proc(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // already gone
            }
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The wscat command, installing it with npm when missing; fails (never skips) when it cannot be had. */
    public static String wscat() {
        if (onPath("wscat")) {
            return "wscat";
        }
        npmInstall("-g", "wscat");
        if (!onPath("wscat")) {
            fail("`npm install -g wscat` succeeded but wscat is not on the PATH");
        }
        return "wscat";
    }

    /**
     * The command that runs {@code clients/eventsource-client.mjs} under Node with the {@code eventsource} package from
     * npm (v3: the newest line that runs on Node 18–20), installed into {@code target/npm} when missing. Fails (never
     * skips) when Node or the package cannot be had.
     */
    static List<String> eventSourceClient() {
        Path dir = Path.of("target", "npm").toAbsolutePath();
        Path script = dir.resolve("eventsource-client.mjs");
        try {
            Files.createDirectories(dir);
            if (!Files.isDirectory(dir.resolve("node_modules/eventsource"))) {
                npmInstall("--prefix", dir.toString(), "--no-audit", "--no-fund", "eventsource@3");
            }
            try (var in = Clients.class.getResourceAsStream("/clients/eventsource-client.mjs")) {
                Files.write(script, in.readAllBytes());
            }
        } catch (IOException e) {
            fail("cannot set up the eventsource client in " + dir + ": " + e.getMessage());
        }
        if (!onPath("node")) {
            fail("node is not on the PATH");
        }
        return List.of("node", script.toString());
    }

    /** Runs {@code npm install <args>}; fails the test (never skips) with npm's output when it does not succeed. */
    private static void npmInstall(String... args) {
        List<String> command = new ArrayList<>(List.of("npm", "install"));
        command.addAll(List.of(args));
        String shown = "`" + String.join(" ", command) + "`";
        try {
            Process npm = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(120, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                fail(shown + " failed: " + out);
            }
        } catch (IOException e) {
            fail("npm cannot be run for " + shown + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted running " + shown);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static List<String> jsonField(List<String> messages, String field) {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            out.add(Json.read(m).path(field).asText());
        }
        return out;
    }
}
