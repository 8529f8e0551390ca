package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.Position;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.exchange.RouteHandler;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.StreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The end of a stream API's chain, mounted at its listen path: passes each admitted request to the stream endpoint
 * serving its path. A path no stream serves answers 404; a path a stream will serve but is not serving yet (starting,
 * restarting after a reload) waits for it up to {@value #WAIT_MILLIS} ms, then answers 503. A template stream's
 * path is served by the instance for the request's values, started on first use.
 */
final class StreamApiHandler implements RouteHandler {

    static final long WAIT_MILLIS = 10_000;

    private final ApiStreams api;
    private final int generation;
    private final StreamApis owner;

    StreamApiHandler(ApiStreams api, int generation, StreamApis owner) {
        this.api = api;
        this.generation = generation;
        this.owner = owner;
    }

    @Override
    public boolean metersItself(Exchange exchange) {
        if (api.limits() != LimitsMode.MESSAGES) {
            return false;
        }
        ApiStreams.Route route = api.route(exchange.relativePath());
        return route != null && route.endpoint().role() != StreamPaths.Role.PUBLISHER_POST;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.relativePath();
        ApiStreams.Route route = api.route(path);
        String unavailable = owner.unavailableReason();
        if (route != null && unavailable != null) {
            exchange.fail(503, unavailable);
            return;
        }
        if (route != null && route.entry() instanceof ApiStreams.Template template) {
            serveTemplate(exchange, template, path);
            return;
        }
        StreamEndpoint endpoint = api.table().lookup(path);
        if (endpoint != null) {
            serve(exchange, endpoint);
            return;
        }
        if (route == null) {
            exchange.fail(404, ErrorMessages.NOT_FOUND);
            return;
        }
        api.table().whenServed(path, WAIT_MILLIS).onComplete(ar -> {
            if (ar.succeeded()) {
                serve(exchange, ar.result());
            } else {
                exchange.fail(503, "Stream '" + route.entry().name() + "' is not running");
            }
        });
    }

    private void serveTemplate(Exchange exchange, ApiStreams.Template template, String path) {
        ConfigNode config = ContextVariables.substitute(template.prepared.tree(),
                new RequestValues(exchange, UUID.randomUUID().toString()), new HashSet<Position>());
        String key = fingerprint(config);
        ApiStreams.Instance instance = template.instanceFor(key, config);
        if (instance == null) {
            exchange.fail(503, template.retired
                    ? "Stream '" + template.name() + "' is being replaced, try again"
                    : "Stream '" + template.name() + "' has reached its max_instances");
            return;
        }
        Future.fromCompletionStage(instance.started, Vertx.currentContext())
                .compose(v -> instance.endpoints.whenServed(path, WAIT_MILLIS))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        serve(exchange, ar.result());
                    } else if (instance.started.isCompletedExceptionally()) {
                        exchange.fail(400, "Stream '" + template.name() + "' cannot run with this request's values: "
                                + rootMessage(ar.cause()));
                    } else {
                        exchange.fail(503, "Stream '" + template.name() + "' is not running");
                    }
                });
    }

    private static void serve(Exchange exchange, StreamEndpoint endpoint) {
        if (!exchange.claimResponse()) {
            return;
        }
        if (endpoint.kind() != StreamEndpoint.Kind.WEBSOCKET) {
            exchange.request().response().headers().addAll(exchange.responseHeaders());
        }
        endpoint.handler().handle(new StreamRequest(exchange.request(), new StreamCaller(exchange.identity(), new RequestValues(exchange, UUID.randomUUID().toString()))));
    }

    @Override
    public void close() {
        owner.unloaded(api, generation);
    }

    private static String fingerprint(ConfigNode config) {
        try {
            byte[] json = GatewayJson.MAPPER.writeValueAsBytes(config.toPlain());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
