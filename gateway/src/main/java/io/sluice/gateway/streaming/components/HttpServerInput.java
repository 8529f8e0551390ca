package io.sluice.gateway.streaming.components;

import io.sluice.core.regex.Regex;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Resources;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.spec.Conf;
import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.edge.InputEdge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code http_server} input: messages POSTed to {@code path} (a multipart body is a batch) or sent over a
 * WebSocket at {@code ws_path}. Each request is answered after the stream settled its message; see {@link InputEdge}.
 */
final class HttpServerInput implements Input {
    private final EndpointHost host;
    private final InputEdge edge;

    HttpServerInput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.host = new EndpointHost(conf, ctx);
        List<String> paths = EndpointHost.checkPaths(conf, "path", "ws_path");
        Set<String> verbs = new LinkedHashSet<>(conf.stringList("allowed_verbs"));
        if (verbs.isEmpty()) throw conf.invalid("allowed_verbs", "must specify at least one allowed verb");
        RateLimit rateLimit = null;
        String rl = conf.string("rate_limit");
        if (!rl.isEmpty()) {
            try {
                rateLimit = ctx.resources().rateLimit(rl);
            } catch (Resources.ResourceNotFoundException e) {
                throw conf.invalid("rate_limit", e.getMessage());
            }
        }
        Conf reply = conf.child("sync_response");
        Map<String, Interpolation> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Conf> h : reply.child("headers").entries().entrySet()) headers.put(h.getKey(), h.getValue().asInterpolation());
        Conf meta = reply.child("metadata_headers");
        List<Regex> patterns = new ArrayList<>();
        for (Conf p : meta.list("include_patterns")) {
            try {
                patterns.add(Regex.compile(p.asString()));
            } catch (IllegalArgumentException e) {
                throw p.invalid("invalid pattern: " + e.getMessage());
            }
        }
        InputEdge.SyncReplySettings replySettings = new InputEdge.SyncReplySettings(reply.interpolation("status"), headers,
                meta.stringList("include_prefixes"), patterns);
        InputEdge.PublisherSettings settings = new InputEdge.PublisherSettings(Set.copyOf(verbs), conf.duration("timeout"),
                conf.string("ws_welcome_message"), conf.string("ws_rate_limit_message"), host.cors(), replySettings);
        this.edge = new InputEdge(settings, rateLimit, host.guard(), ctx.metrics(), ctx.log());
        if (!paths.get(0).isEmpty()) host.add(new StreamEndpoint(paths.get(0), StreamEndpoint.Kind.REQUEST, verbs,
                "Post a message into stream " + ctx.streamName(), edge::handlePost));
        if (!paths.get(1).isEmpty()) host.add(new StreamEndpoint(paths.get(1), StreamEndpoint.Kind.WEBSOCKET, Set.of("GET"),
                "Post messages into stream " + ctx.streamName() + " over a WebSocket", edge::handleWebSocket));
    }

    @Override
    public void connect() throws Exception {
        host.mount();
    }

    @Override
    public Transaction read() throws Exception {
        Transaction tx = edge.next();
        if (tx == null) throw new EndOfInputException();
        return tx;
    }

    @Override
    public void close() {
        edge.close();
        host.unmount();
    }
}
