package io.sluice.gateway.management;

import io.sluice.gateway.services.GatewayServices;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /hello} health in Tyk's shape, and the loopback echo service the demo API proxies to. */
final class HealthEndpoint {

    static final String ECHO_PATH = "/sluice/echo";

    private final GatewayServices services;

    HealthEndpoint(GatewayServices services) {
        this.services = services;
    }

    void hello(RoutingContext ctx) {
        services.storage().ping().onComplete(ping -> {
            Map<String, Object> storage = new LinkedHashMap<>();
            storage.put("status", ping.succeeded() ? "pass" : "fail");
            storage.put("componentType", "datastore");
            storage.put("time", Instant.now().toString());
            if (ping.failed()) {
                storage.put("output", ping.cause().getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ping.succeeded() ? "pass" : "warn");
            body.put("version", "sluice-0.1.0");
            body.put("description", "Sluice gateway");
            body.put("details", Map.of(services.storage().type(), storage));
            Replies.json(ctx, 200, body);
        });
    }

    /** Echoes the request as JSON. Only for callers on this machine: it exists for the demo API, not the world. */
    static void echo(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        if (remote == null || !(remote.hostAddress().startsWith("127.") || remote.hostAddress().equals("0:0:0:0:0:0:0:1"))) {
            Replies.error(ctx, 404, "Not found");
            return;
        }
        JsonObject headers = new JsonObject();
        ctx.request().headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        JsonObject echo = new JsonObject()
                .put("method", ctx.request().method().name())
                .put("path", ctx.request().path())
                .put("query", ctx.request().query())
                .put("headers", headers)
                .put("body", ctx.body() == null ? "" : ctx.body().asString());
        ctx.response().putHeader("Content-Type", "application/json").end(echo.encodePrettily());
    }
}
