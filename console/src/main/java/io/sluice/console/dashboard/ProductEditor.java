package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.Product;
import io.sluice.console.web.JsonReplies;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's Portal page: API products published to the developer portal. A product names an API and the policy
 * keys issued for it get, carries its documentation, and for async APIs may enable webhooks with a list of events.
 */
final class ProductEditor {

    private final ConsoleStore store;
    private final BlockingWork blocking;
    private final String portalUrl;
    private final String portalSecret;

    ProductEditor(ConsoleStore store, BlockingWork blocking, String portalUrl, String portalSecret) {
        this.store = store;
        this.blocking = blocking;
        this.portalUrl = portalUrl;
        this.portalSecret = portalSecret;
    }

    /** What an API owner needs for a {@code portal_webhook} output: the portal's URL and the secret it checks. */
    void settings(RoutingContext ctx) {
        JsonReplies.json(ctx, 200, Map.of("portal_url", portalUrl, "api_secret", portalSecret));
    }

    void list(RoutingContext ctx) {
        blocking.submit(store::products).onComplete(result -> {
            if (result.failed()) {
                JsonReplies.error(ctx, 500, "cannot read products: " + result.cause().getMessage());
            } else {
                JsonReplies.json(ctx, 200, Map.of("products", result.result()));
            }
        });
    }

    void save(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String id = ctx.pathParam("id");
        Product product = new Product(id, JsonReplies.text(body, "name"), body.path("description").asText(""),
                JsonReplies.text(body, "api_id"), JsonReplies.text(body, "policy_id"), body.path("published").asBoolean(true),
                body.path("webhooks_enabled").asBoolean(false), events(body.get("events")),
                body.path("example_message").asText(""), 0);
        if (product.name().isEmpty() || product.apiId().isEmpty() || product.policyId().isEmpty()) {
            JsonReplies.error(ctx, 400, "name, api_id and policy_id are required");
            return;
        }
        if (product.webhooksEnabled() && product.events().isEmpty()) {
            JsonReplies.error(ctx, 400, "events: list the events developers may subscribe to, or turn webhooks off");
            return;
        }
        blocking.submit(() -> {
            if (id != null && store.product(id).isEmpty()) {
                return Optional.<Product>empty();
            }
            return Optional.of(store.saveProduct(product));
        }).onComplete(result -> {
            if (result.failed()) {
                JsonReplies.error(ctx, 500, "cannot save the product: " + result.cause().getMessage());
            } else if (result.result().isEmpty()) {
                JsonReplies.error(ctx, 404, "no such product");
            } else {
                JsonReplies.json(ctx, id == null ? 201 : 200, result.result().get());
            }
        });
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking.submit(() -> store.deleteProduct(id)).onComplete(result -> {
            if (result.failed()) {
                JsonReplies.error(ctx, 500, "cannot delete the product: " + result.cause().getMessage());
            } else if (!result.result()) {
                JsonReplies.error(ctx, 404, "no such product");
            } else {
                JsonReplies.json(ctx, 200, Map.of("status", "deleted"));
            }
        });
    }

    /** Events as a JSON array or a comma/newline separated text; trimmed, without duplicates. */
    static List<String> events(JsonNode value) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> raw = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> raw.add(v.asText()));
        } else {
            raw.addAll(List.of(value.asText().split("[,\\n]")));
        }
        for (String event : raw) {
            if (!event.isBlank()) {
                out.add(event.trim());
            }
        }
        return List.copyOf(out);
    }
}
