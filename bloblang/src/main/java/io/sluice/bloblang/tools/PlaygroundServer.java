package io.sluice.bloblang.tools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.bloblang.Environment;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.parser.Importer;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local Bloblang playground: one self-contained page (mapping, input and output side by side, run
 * as you type) and {@code POST /execute} taking {@code {"mapping","input","metadata"}} and answering
 * {@code {"result","metadata","error"}} ({@code result} null and {@code deleted} true when the mapping
 * deletes the message). Uses the JDK's HTTP server and listens on the loopback interface only;
 * imports and file reads are disabled because the page runs whatever it is sent.
 */
public final class PlaygroundServer implements AutoCloseable {
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final Environment environment;
    private HttpServer server;
    private ExecutorService executor;

    public PlaygroundServer() {
        Library lib = Library.standard().copy().removeFunction("file").removeFunction("env");
        this.environment = new Environment(lib, Importer.disabled());
    }

    /** Starts listening on {@code port} of 127.0.0.1 (0 picks a free port). */
    public PlaygroundServer start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
        if (executor != null) executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/") && method.equals("GET")) {
                send(ex, 200, "text/html; charset=utf-8", PlaygroundPage.HTML.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/execute") && method.equals("POST")) {
                byte[] body = readBody(ex.getRequestBody());
                Map<String, Object> response = body == null
                        ? error("request body too large (limit " + MAX_BODY + " bytes)")
                        : execute(body);
                send(ex, 200, "application/json", Structured.toJsonBytes(response));
            } else if (path.equals("/execute")) {
                ex.getResponseHeaders().add("Allow", "POST");
                send(ex, 405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Runs one request; all failures are reported in the {@code error} field. */
    Map<String, Object> execute(byte[] body) {
        Object req;
        try {
            req = Structured.parseJson(body);
        } catch (MessageParseException e) {
            return error("request is not JSON: " + e.getMessage());
        }
        if (!(req instanceof Map<?, ?> r)) return error("request must be a JSON object");
        String mapping = r.get("mapping") instanceof String s ? s : "";
        String input = r.get("input") instanceof String s ? s : r.get("input") == null ? "" : Structured.toJson(r.get("input"));

        BloblangMapping compiled;
        try {
            compiled = environment.compile(mapping);
        } catch (ExpressionParseException e) {
            Map<String, Object> out = error(e.getMessage());
            out.put("error_line", (long) e.line());
            out.put("error_column", (long) e.column());
            return out;
        }
        Part part = Part.of(input);
        if (r.get("metadata") instanceof Map<?, ?> meta) {
            for (Map.Entry<?, ?> e : meta.entrySet()) part.setMeta(String.valueOf(e.getKey()), e.getValue());
        }
        try {
            Part result = compiled.map(Batch.of(part), 0);
            Map<String, Object> out = new LinkedHashMap<>();
            if (result == null) {
                out.put("result", null);
                out.put("deleted", true);
                out.put("metadata", new LinkedHashMap<>());
            } else {
                out.put("result", result.text());
                Map<String, Object> meta = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : result.metadata().entrySet()) meta.put(e.getKey(), jsonSafe(e.getValue()));
                out.put("metadata", meta);
            }
            out.put("error", null);
            return out;
        } catch (MappingException e) {
            return error(e.getMessage());
        }
    }

    private static Object jsonSafe(Object v) {
        if (v instanceof byte[] || v instanceof Timestamp) return Values.toText(v);
        return v;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", null);
        out.put("metadata", new LinkedHashMap<>());
        out.put("error", message);
        return out;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
