package io.sluice.cli;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.Position;
import io.sluice.core.engine.ConnectionStatus;
import io.sluice.core.engine.StreamStatus;
import io.sluice.core.message.Structured;
import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.StreamRequest;
import io.sluice.gateway.streaming.StreamRoutes;
import io.sluice.gateway.streaming.edge.StandaloneServers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dialect's streams REST API over a {@link StreamsManager}: {@code /streams}, {@code /streams/{id}},
 * {@code /streams/{id}/stats}, {@code /ready}, {@code /ping} and {@code /metrics}. Served on the process's shared HTTP
 * server (the one {@code http_server} inputs of the streams use too), so one address serves both, as in the dialect.
 */
final class StreamsApi implements AutoCloseable {

    /** What {@code /metrics} answers: the process registry's Prometheus text (every stream, labelled by its id). */
    interface MetricsText {
        String render();
    }

    private final StreamsManager streams;
    private final MetricsText metrics;
    private final List<StreamRoutes.Mount> mounts;
    private volatile boolean shuttingDown;

    StreamsApi(StreamsManager streams, MetricsText metrics, String address) throws Exception {
        this.streams = streams;
        this.metrics = metrics;
        Set<String> all = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
        List<StreamEndpoint> endpoints = new ArrayList<>();
        for (String path : List.of("/streams", "/streams/", "/ready", "/ping", "/metrics")) {
            endpoints.add(new StreamEndpoint(path, StreamEndpoint.Kind.REQUEST, all, "streams API " + path, this::accept));
        }
        this.mounts = StandaloneServers.mount(address, StandaloneServers.Tls.NONE, endpoints);
    }

    /** From now on {@code /ready} answers 503, so that a load balancer stops sending before the streams stop. */
    void shuttingDown() {
        shuttingDown = true;
    }

    @Override
    public void close() {
        for (StreamRoutes.Mount m : mounts) m.close();
    }

    /** On the event loop: read the body, then answer on a virtual thread (starting and stopping streams blocks). */
    private void accept(StreamRequest sr) {
        HttpServerRequest req = sr.request();
        req.body().onComplete(body -> {
            String text = body.succeeded() && body.result() != null ? body.result().toString(StandardCharsets.UTF_8) : "";
            Thread.startVirtualThread(() -> {
                Reply r;
                try {
                    r = handle(req.method().name(), req.path(), text);
                } catch (Exception e) {
                    r = Reply.text(500, "internal error: " + e.getMessage());
                }
                req.response().setStatusCode(r.status).putHeader("Content-Type", r.contentType).end(Buffer.buffer(r.body));
            });
        });
        req.resume();
    }

    record Reply(int status, String contentType, String body) {
        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body.endsWith("\n") ? body : body + "\n");
        }

        static Reply json(int status, Object value) {
            return new Reply(status, "application/json", Structured.toJson(value));
        }
    }

    Reply handle(String method, String path, String body) {
        switch (path) {
            case "/ping" -> {
                return Reply.text(200, "pong");
            }
            case "/ready" -> {
                return ready();
            }
            case "/metrics" -> {
                return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
            }
            case "/streams", "/streams/" -> {
                if (method.equals("POST")) return replaceAll(body);
                if (!method.equals("GET")) return Reply.text(405, "method not allowed: " + method + " /streams (use GET, or POST to set all streams)");
                Map<String, Object> out = new LinkedHashMap<>();
                streams.all().forEach((id, r) -> out.put(id, summary(r)));
                return Reply.json(200, out);
            }
            default -> {
                String rest = path.substring("/streams/".length());
                if (rest.endsWith("/stats")) {
                    if (!method.equals("GET")) return Reply.text(405, "method not allowed: " + method + " " + path + " (use GET)");
                    return stats(rest.substring(0, rest.length() - "/stats".length()));
                }
                return stream(method, rest, body);
            }
        }
    }

    private Reply stream(String method, String id, String body) {
        if (id.isEmpty()) return Reply.text(404, "no such path: /streams/");
        String source = "streams/" + id;
        try {
            switch (method) {
                case "GET" -> {
                    StreamsManager.Running r = streams.get(id);
                    Map<String, Object> out = summary(r);
                    out.put("config", r.config());
                    return Reply.json(200, out);
                }
                case "POST" -> {
                    streams.create(id, parseBody(body, source), source);
                    return Reply.text(200, "OK");
                }
                case "PUT" -> {
                    streams.put(id, parseBody(body, source), source);
                    return Reply.text(200, "OK");
                }
                case "PATCH" -> {
                    streams.patch(id, parseBody(body, source), source);
                    return Reply.text(200, "OK");
                }
                case "DELETE" -> {
                    streams.delete(id);
                    return Reply.text(200, "OK");
                }
                default -> {
                    return Reply.text(405, "method not allowed: " + method);
                }
            }
        } catch (ConfigException e) {
            List<String> lines = new ArrayList<>();
            for (ConfigProblem p : e.problems()) lines.add(p.toString());
            return Reply.text(400, "invalid config:\n" + String.join("\n", lines));
        } catch (StreamsManager.NotFound e) {
            return Reply.text(404, e.getMessage());
        } catch (StreamsManager.Exists e) {
            return Reply.text(400, e.getMessage() + " (PUT replaces it)");
        }
    }

    /** POST /streams: an object of stream id to config sets all streams at once; unchanged ones keep running. */
    private Reply replaceAll(String body) {
        try {
            ConfigNode all = parseBody(body, "streams");
            if (!(all instanceof ConfigNode.MapNode m)) return Reply.text(400, "expected an object of stream id to config");
            Map<String, ConfigNode> wanted = new LinkedHashMap<>();
            m.entries().forEach((id, e) -> wanted.put(id, e.value()));
            streams.replaceAll(wanted, "streams");
            return Reply.text(200, "OK");
        } catch (ConfigException e) {
            List<String> lines = new ArrayList<>();
            for (ConfigProblem p : e.problems()) lines.add(p.toString());
            return Reply.text(400, "invalid config:\n" + String.join("\n", lines));
        }
    }

    private static ConfigNode parseBody(String body, String source) throws ConfigException {
        if (body.isBlank()) throw new ConfigException(new Position(source, 0, 0), "", "the request has no config in its body");
        return StreamsManager.parse(body, source);
    }

    private static Map<String, Object> summary(StreamsManager.Running r) {
        Map<String, Object> m = new LinkedHashMap<>();
        double up = r.uptimeSeconds();
        m.put("active", r.active());
        m.put("uptime", up);
        m.put("uptime_str", String.format(Locale.ROOT, "%.3fs", up));
        return m;
    }

    private Reply stats(String id) {
        StreamsManager.Running r;
        try {
            r = streams.get(id);
        } catch (StreamsManager.NotFound e) {
            return Reply.text(404, e.getMessage());
        }
        StreamStatus s = r.stream().status();
        Map<String, Object> out = new LinkedHashMap<>(summary(r));
        out.put("input", Map.of("type", s.inputType(), "state", s.input().state().name().toLowerCase()));
        out.put("output", Map.of("type", s.outputType(), "state", s.output().state().name().toLowerCase()));
        out.put("counters", new TreeMap<>(s.counters()));
        return Reply.json(200, out);
    }

    private Reply ready() {
        if (shuttingDown) return Reply.text(503, "shutting down");
        List<String> notReady = new ArrayList<>();
        streams.all().forEach((id, r) -> {
            if (!r.active()) return; // a stream whose input ended is done, not unready
            StreamStatus s = r.stream().status();
            if (s.input().state() != ConnectionStatus.State.CONNECTED) notReady.add(id + ": input not connected");
            if (s.output().state() != ConnectionStatus.State.CONNECTED) notReady.add(id + ": output not connected");
        });
        return notReady.isEmpty() ? Reply.text(200, "OK") : Reply.text(503, String.join("\n", notReady));
    }
}
