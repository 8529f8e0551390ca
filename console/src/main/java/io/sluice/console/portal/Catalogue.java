package io.sluice.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.Product;
import io.sluice.console.web.JsonReplies;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    private Future<Map<String, Object>> entry(Product product) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", product.id());
        out.put("name", product.name());
        out.put("description", product.description());
        out.put("webhooks_enabled", product.webhooksEnabled());
        out.put("events", product.events());
        out.put("example_message", product.exampleMessage());
        return gateway.get("/tyk/apis/oas/" + java.net.URLEncoder.encode(product.apiId(), java.nio.charset.StandardCharsets.UTF_8))
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
