package io.sluice.gateway.management;

import io.sluice.core.engine.ConnectionStatus;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamStatus;
import io.sluice.gateway.streamapi.StreamApis;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /tyk/streams}: where the connections of the stream APIs' inputs and outputs stand (connecting, connected,
 * backing off with the next attempt, stopped), their last error and the streams' counters. A template stream has one
 * entry per running instance, and a non-template stream a sampled tail of what its {@code http_server} outputs
 * published. Reading a status is a volatile read and a copy of the counters, so this runs on the event loop.
 */
final class StreamsEndpoint {

    private final GatewayControl control;

    StreamsEndpoint(GatewayControl control) {
        this.control = control;
    }

    void list(RoutingContext ctx) {
        StreamApis apis = control.streamApis();
        List<Object> body = new ArrayList<>();
        if (apis != null) {
            for (String id : apis.apiIds()) {
                apis.streamsOf(id).ifPresent(view -> body.add(api(id, view)));
            }
        }
        Replies.json(ctx, 200, body);
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("apiId");
        StreamApis apis = control.streamApis();
        Optional<StreamApis.ApiStreamsView> view = apis == null ? Optional.empty() : apis.streamsOf(id);
        view.ifPresentOrElse(v -> Replies.json(ctx, 200, api(id, v)), () -> Replies.error(ctx, 404, "Stream API not found"));
    }

    private static Map<String, Object> api(String id, StreamApis.ApiStreamsView view) {
        List<Object> streams = new ArrayList<>();
        for (String name : view.streams()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            boolean template = view.template(name);
            entry.put("template", template);
            if (template) {
                List<StreamApis.InstanceView> instances = view.runningInstances(name);
                List<Object> list = new ArrayList<>();
                for (StreamApis.InstanceView i : instances) {
                    Map<String, Object> instance = new LinkedHashMap<>();
                    instance.put("instance", i.id());
                    instance.put("connections", i.connections());
                    status(instance, i.stream());
                    list.add(instance);
                }
                entry.put("instance_count", list.size());
                entry.put("instances", list);
            } else {
                Stream running = view.running(name);
                entry.put("running", running != null); // null when its config could not be built
                if (running != null) {
                    status(entry, running);
                    entry.put("tail", view.tail(name));
                }
            }
            streams.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_id", id);
        body.put("streams", streams);
        return body;
    }

    private static void status(Map<String, Object> into, Stream stream) {
        StreamStatus s = stream.status();
        into.put("input", connection(s.inputType(), s.input()));
        into.put("output", connection(s.outputType(), s.output()));
        into.put("counters", s.counters());
    }

    private static Map<String, Object> connection(String type, ConnectionStatus c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("state", c.state().name());
        m.put("since", time(c.since()));
        m.put("next_attempt", time(c.nextAttempt()));
        m.put("failures", c.failures());
        m.put("last_error", c.lastError());
        m.put("last_error_at", time(c.lastErrorAt()));
        return m;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
