package io.sluice.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.Product;
import io.sluice.console.web.JsonReplies;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue: published products with their documentation. For an async (stream) API it also tells how to
 * consume it: the protocols and full endpoint URLs (WebSocket, SSE, GET, webhooks), the message format with an example
 * and the authentication needed — read from the API definition, so it cannot drift from what the gateway serves.
 */
final class Catalogue {

    private final ConsoleStore store;
    private final BlockingWork blocking;
    private final ManagementClient gateway;
    private final ComponentRegistry registry;
    private final String gatewayUrl;

    Catalogue(ConsoleStore store, BlockingWork blocking, ManagementClient gateway, ComponentRegistry registry, String gatewayUrl) {
        this.store = store;
        this.blocking = blocking;
        this.gateway = gateway;
        this.registry = registry;
        this.gatewayUrl = gatewayUrl;
    }

    void list(RoutingContext ctx) {
        blocking.submit(() -> store.products().stream().filter(Product::published).toList()).compose(products -> {
            List<Future<Map<String, Object>>> entries = new ArrayList<>();
            for (Product product : products) {
                entries.add(entry(product));
            }
            return Future.join(entries).map(done -> entries.stream().map(Future::result).toList());
        }).onComplete(result -> {
            if (result.failed()) {
                JsonReplies.error(ctx, 500, "cannot read the catalogue: " + result.cause().getMessage());
            } else {
                JsonReplies.json(ctx, 200, Map.of("gateway_url", gatewayUrl, "products", result.result()));
            }
        });
    }

    /**
     * The AsyncAPI 3 document the gateway generates for a published product's stream API ({@code ?download} adds a file
     * name). Unknown or unpublished products, and products whose API is not a stream API, are 404: the catalogue is public,
     * so it shows nothing the owner has not published. Example payloads the gateway took from recent live messages are
     * dropped for the same reason (the inferred schema stays); the owner's own example message is on the catalogue entry.
     */
    void asyncApi(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.submit(() -> store.product(id).filter(Product::published)).onComplete(found -> {
            if (found.failed()) {
                JsonReplies.error(ctx, 500, "cannot read the product: " + found.cause().getMessage());
                return;
            }
            if (found.result().isEmpty()) {
                JsonReplies.error(ctx, 404, "no published product with id '" + id + "'");
                return;
            }
            Product product = found.result().get();
            gateway.get("/tyk/apis/oas/" + URLEncoder.encode(product.apiId(), StandardCharsets.UTF_8) + "/asyncapi").onComplete(reply -> {
                if (reply.failed()) {
                    JsonReplies.error(ctx, 502, "cannot reach the gateway: " + reply.cause().getMessage());
                } else if (reply.result().status() == 404) {
                    JsonReplies.error(ctx, 404, "the API of product '" + product.name() + "' is not a stream API: it has no AsyncAPI document");
                } else if (!reply.result().ok() || !(reply.result().json() instanceof ObjectNode doc)) {
                    JsonReplies.error(ctx, 502, "the gateway could not give the AsyncAPI document: " + reply.result().error());
                } else {
                    doc.path("components").path("messages").forEach(message -> {
                        if (message instanceof ObjectNode m && m.path("x-sluice-inferred").asBoolean(false)) {
                            m.remove("examples");
                        }
                    });
                    if (ctx.queryParams().contains("download")) {
                        ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + fileName(product.name()) + "-asyncapi.json\"");
                    }
                    JsonReplies.json(ctx, 200, doc);
                }
            });
        });
    }

    private static String fileName(String productName) {
        String name = productName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return name.isEmpty() ? "api" : name;
    }

    private Future<Map<String, Object>> entry(Product product) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", product.id());
        out.put("name", product.name());
        out.put("description", product.description());
        out.put("webhooks_enabled", product.webhooksEnabled());
        out.put("events", product.events());
        out.put("example_message", product.exampleMessage());
        return gateway.get("/tyk/apis/oas/" + URLEncoder.encode(product.apiId(), StandardCharsets.UTF_8))
                .map(reply -> {
                    if (reply.ok()) {
                        JsonNode doc = reply.json();
                        out.put("api", api(doc));
                    } else {
                        out.put("api", null);
                    }
                    return out;
                }).otherwise(out);
    }

    /** How to call the product's API: its kind, authentication and full endpoint URLs. */
    private Map<String, Object> api(JsonNode doc) {
        Map<String, Object> described = ApiDocuments.describe(doc);
        Map<String, Object> api = new LinkedHashMap<>();
        String listenPath = String.valueOf(described.get("listen_path"));
        String base = gatewayUrl + (listenPath.endsWith("/") ? listenPath.substring(0, listenPath.length() - 1) : listenPath);
        api.put("id", described.get("id"));
        api.put("name", described.get("name"));
        api.put("async", described.get("stream"));
        api.put("authentication", described.get("authentication"));
        List<Object> endpoints = new ArrayList<>();
        if (described.get("yaml") instanceof String yaml) {
            ApiDocuments.endpoints(yaml, registry).forEach((kind, value) -> {
                switch (kind) {
                    case "websocket" -> endpoints.add(JsonReplies.of("protocol", "WebSocket", "url", base.replaceFirst("^http", "ws") + value));
                    case "sse" -> endpoints.add(JsonReplies.of("protocol", "Server-Sent Events", "url", base + value));
                    case "get" -> endpoints.add(JsonReplies.of("protocol", "HTTP GET (next message)", "url", base + value));
                    case "post" -> endpoints.add(JsonReplies.of("protocol", "HTTP POST (publish)", "url", base + value));
                    case "websocket_publish" -> endpoints.add(JsonReplies.of("protocol", "WebSocket (publish)", "url", base.replaceFirst("^http", "ws") + value));
                    case "webhook" -> endpoints.add(JsonReplies.of("protocol", "Webhook", "url", "event " + value + " (subscribe in My Apps)"));
                    default -> { }
                }
            });
        } else {
            endpoints.add(JsonReplies.of("protocol", "HTTP", "url", base + "/"));
        }
        api.put("endpoints", endpoints);
        return api;
    }
}
