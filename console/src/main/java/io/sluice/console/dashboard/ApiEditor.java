package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.web.JsonReplies;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.management.GatewayControl;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The APIs list, the Streams & Events wizard (component specs, compose, lint) and the API details page. Definitions
 * are stored through the gateway's management API, then the gateway reloads, so a saved API is served at once.
 */
final class ApiEditor {

    private final ManagementClient gateway;
    private final BlockingWork blocking;
    private final ComponentRegistry registry;
    private final ComponentCatalog catalog;
    private final StreamComposer composer;
    private final StreamLint lint;
    private final String gatewayUrl;

    ApiEditor(ManagementClient gateway, BlockingWork blocking, ComponentRegistry registry, GatewayControl control, String gatewayUrl) {
        this.gateway = gateway;
        this.gatewayUrl = gatewayUrl;
        this.blocking = blocking;
        this.registry = registry;
        this.catalog = new ComponentCatalog(registry);
        this.composer = new StreamComposer(registry);
        this.lint = new StreamLint(registry, control);
    }

    void components(RoutingContext ctx) {
        JsonReplies.json(ctx, 200, catalog.json());
    }

    void compose(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        try {
            JsonReplies.json(ctx, 200, Map.of("yaml", composer.compose(body)));
        } catch (StreamComposer.UnknownComponent e) {
            JsonReplies.error(ctx, 400, e.getMessage());
        }
    }

    void lint(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String yaml = body.path("yaml").asText("");
        blocking.submit(() -> lint.lint(yaml)).onComplete(result -> {
            if (result.failed()) {
                JsonReplies.error(ctx, 500, "lint failed: " + result.cause());
            } else {
                JsonReplies.json(ctx, 200, Map.of("problems", result.result()));
            }
        });
    }

    void list(RoutingContext ctx) {
        gateway.get("/tyk/apis/oas").onComplete(reply -> {
            if (!answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                return;
            }
            List<Object> apis = new ArrayList<>();
            for (JsonNode doc : reply.result().json()) {
                Map<String, Object> api = ApiDocuments.describe(doc);
                api.remove("yaml");
                apis.add(api);
            }
            JsonReplies.json(ctx, 200, Map.of("apis", apis));
        });
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        gateway.get("/tyk/apis/oas/" + encode(id)).onComplete(reply -> {
            if (!answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                return;
            }
            JsonReplies.json(ctx, 200, withEndpoints(ApiDocuments.describe(reply.result().json())));
        });
    }

    void create(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        ApiDocuments.Form form = ApiDocuments.Form.from(body);
        if (form.problem() != null) {
            JsonReplies.error(ctx, 400, form.problem());
            return;
        }
        String id = ApiDocuments.newId(form.name());
        ObjectNode doc = ApiDocuments.create(id, form);
        gateway.send(HttpMethod.POST, "/tyk/apis/oas", doc)
                .compose(stored -> stored.ok() ? reload().map(stored) : Future.succeededFuture(stored))
                .onComplete(reply -> saved(ctx, reply.succeeded() ? reply.result() : null, reply.cause(), doc, 201));
    }

    void update(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        ApiDocuments.Form form = ApiDocuments.Form.from(body);
        if (form.problem() != null) {
            JsonReplies.error(ctx, 400, form.problem());
            return;
        }
        String path = "/tyk/apis/oas/" + encode(ctx.pathParam("id"));
        gateway.get(path).onComplete(existing -> {
            if (!answered(ctx, existing.succeeded() ? existing.result() : null, existing.cause())) {
                return;
            }
            ObjectNode doc = (ObjectNode) existing.result().json();
            ApiDocuments.apply(doc, form);
            gateway.send(HttpMethod.PUT, path, doc)
                    .compose(stored -> stored.ok() ? reload().map(stored) : Future.succeededFuture(stored))
                    .onComplete(reply -> saved(ctx, reply.succeeded() ? reply.result() : null, reply.cause(), doc, 200));
        });
    }

    void delete(RoutingContext ctx) {
        gateway.send(HttpMethod.DELETE, "/tyk/apis/oas/" + encode(ctx.pathParam("id")), null)
                .compose(deleted -> deleted.ok() ? reload().map(deleted) : Future.succeededFuture(deleted))
                .onComplete(reply -> {
                    if (answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                        JsonReplies.json(ctx, 200, Map.of("status", "deleted"));
                    }
                });
    }

    /** The live state of the API's streams, as the gateway reports it (connections, counters, errors). */
    void status(RoutingContext ctx) {
        gateway.get("/tyk/streams/" + encode(ctx.pathParam("id"))).onComplete(reply -> {
            if (reply.failed()) {
                JsonReplies.error(ctx, 502, "the gateway did not answer: " + reply.cause().getMessage());
            } else if (reply.result().status() == 404) {
                JsonReplies.json(ctx, 200, Map.of("streams", List.of(), "running", false));
            } else {
                JsonReplies.json(ctx, reply.result().status(), reply.result().json());
            }
        });
    }

    private Future<ManagementClient.Reply> reload() {
        return gateway.get("/tyk/reload");
    }

    private void saved(RoutingContext ctx, ManagementClient.Reply reply, Throwable failure, ObjectNode doc, int status) {
        if (!answered(ctx, reply, failure)) {
            return;
        }
        JsonReplies.json(ctx, status, withEndpoints(ApiDocuments.describe(doc)));
    }

    private Map<String, Object> withEndpoints(Map<String, Object> api) {
        api.put("gateway_url", gatewayUrl);
        if (api.get("yaml") instanceof String yaml) {
            api.put("endpoints", ApiDocuments.endpoints(yaml, registry));
        }
        return api;
    }

    /** False after answering the browser with the gateway's error. */
    static boolean answered(RoutingContext ctx, ManagementClient.Reply reply, Throwable failure) {
        if (reply == null) {
            JsonReplies.error(ctx, 502, "the gateway did not answer: " + (failure == null ? "" : failure.getMessage()));
            return false;
        }
        if (!reply.ok()) {
            JsonReplies.error(ctx, reply.status() == 404 ? 404 : reply.status() >= 500 ? 502 : 400, reply.error());
            return false;
        }
        return true;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
