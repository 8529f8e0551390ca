package io.sluice.console.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.gatewayapi.KeyIssuer;
import io.sluice.console.store.App;
import io.sluice.console.store.AppKey;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.Delivery;
import io.sluice.console.store.Product;
import io.sluice.console.store.WebhookSubscription;
import io.sluice.console.web.BrowserSessions;
import io.sluice.console.web.JsonReplies;
import io.sluice.console.webhook.AddressPolicy;
import io.sluice.console.webhook.WebhookDispatcher;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * My Apps: a developer's apps, the keys issued to them (one per product, under the product's policy) and their webhook
 * subscriptions with the delivery log, the dead-letter list and replay. Every call checks that the app belongs to the
 * signed-in developer; someone else's app answers 404, as if it did not exist.
 */
final class DeveloperApps {

    private static final int MIN_SECRET_LENGTH = 12;
    private static final int LOG_SIZE = 15;

    /** Answered with a status and message. */
    private static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final ConsoleStore store;
    private final BlockingWork blocking;
    private final KeyIssuer issuer;
    private final AddressPolicy addresses;
    private final WebhookDispatcher dispatcher;

    DeveloperApps(ConsoleStore store, BlockingWork blocking, KeyIssuer issuer, AddressPolicy addresses, WebhookDispatcher dispatcher) {
        this.store = store;
        this.blocking = blocking;
        this.issuer = issuer;
        this.addresses = addresses;
        this.dispatcher = dispatcher;
    }

    void list(RoutingContext ctx) {
        String owner = owner(ctx);
        answer(ctx, 200, () -> Map.of("apps", store.appsOf(owner)));
    }

    void create(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String name = JsonReplies.text(body, "name");
        if (name.isEmpty() || name.length() > 200) {
            JsonReplies.error(ctx, 400, "name: give the app a name (at most 200 characters)");
            return;
        }
        String owner = owner(ctx);
        answer(ctx, 201, () -> store.createApp(owner, name));
    }

    void get(RoutingContext ctx) {
        String owner = owner(ctx);
        String id = ctx.pathParam("id");
        answer(ctx, 200, () -> describe(ownApp(owner, id)));
    }

    private Map<String, Object> describe(App app) {
        Map<String, Product> products = new LinkedHashMap<>();
        store.products().forEach(p -> products.put(p.id(), p));
        List<Object> keys = new ArrayList<>();
        for (AppKey key : store.keysOf(app.id())) {
            Product product = products.get(key.productId());
            keys.add(JsonReplies.of("id", key.id(), "product_id", key.productId(), "product_name", product == null ? "" : product.name(),
                    "key_hash", key.keyHash(), "created_at", key.createdAt()));
        }
        List<Object> subscriptions = new ArrayList<>();
        for (WebhookSubscription s : store.subscriptionsOf(app.id())) {
            subscriptions.add(subscriptionJson(s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", app);
        out.put("keys", keys);
        out.put("subscriptions", subscriptions);
        out.put("events", availableEvents(app, products));
        return out;
    }

    /** Events of the webhook-enabled products the app holds a key for. */
    private Set<String> availableEvents(App app, Map<String, Product> products) {
        Set<String> events = new LinkedHashSet<>();
        for (AppKey key : store.keysOf(app.id())) {
            Product product = products.get(key.productId());
            if (product != null && product.published() && product.webhooksEnabled()) {
                events.addAll(product.events());
            }
        }
        return events;
    }

    void issueKey(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String owner = owner(ctx);
        String appId = ctx.pathParam("id");
        String productId = JsonReplies.text(body, "product_id");
        blocking.submit(() -> {
            App app = ownApp(owner, appId);
            Product product = store.product(productId).filter(Product::published)
                    .orElseThrow(() -> new Refusal(400, "product_id: no published product '" + productId + "'"));
            return Map.entry(app, product);
        }).compose(found -> issuer.issue(found.getValue().policyId(), found.getKey().name(),
                        Map.of("portal_app", found.getKey().id(), "portal_product", found.getValue().id()))
                .compose(issued -> blocking.submit(() -> {
                    AppKey key = store.addKey(found.getKey().id(), found.getValue().id(), issued.keyHash());
                    return JsonReplies.of("id", key.id(), "product_id", found.getValue().id(), "product_name", found.getValue().name(),
                            "key", issued.keyId(), "key_hash", issued.keyHash());
                }))).onComplete(result -> reply(ctx, 201, result.succeeded() ? result.result() : null, result.cause()));
    }

    void subscribe(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String owner = owner(ctx);
        String appId = ctx.pathParam("id");
        String url = JsonReplies.text(body, "url");
        String secret = body.path("secret").asText("");
        List<String> events = new ArrayList<>();
        body.path("events").forEach(e -> events.add(e.asText()));
        answer(ctx, 201, () -> {
            App app = ownApp(owner, appId);
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new Refusal(400, "secret: the HMAC secret must have at least " + MIN_SECRET_LENGTH + " characters");
            }
            Map<String, Product> products = new LinkedHashMap<>();
            store.products().forEach(p -> products.put(p.id(), p));
            Set<String> available = availableEvents(app, products);
            if (events.isEmpty()) {
                throw new Refusal(400, "events: pick at least one event");
            }
            for (String event : events) {
                if (!available.contains(event)) {
                    throw new Refusal(400, "events: '" + event + "' is not an event of a product this app has a key for " + available);
                }
            }
            try {
                addresses.check(url);
            } catch (AddressPolicy.RefusedAddress e) {
                throw new Refusal(400, "url: " + e.getMessage());
            }
            return subscriptionJson(store.createSubscription(app.id(), url, secret, events));
        });
    }

    void unsubscribe(RoutingContext ctx) {
        String owner = owner(ctx);
        String id = ctx.pathParam("id");
        answer(ctx, 200, () -> {
            ownSubscription(owner, id);
            store.deleteSubscription(id);
            return Map.of("status", "deleted");
        });
    }

    void deliveries(RoutingContext ctx) {
        String owner = owner(ctx);
        String id = ctx.pathParam("id");
        answer(ctx, 200, () -> {
            WebhookSubscription s = ownSubscription(owner, id);
            List<Object> log = new ArrayList<>();
            for (Delivery d : store.deliveriesOf(s.id(), LOG_SIZE)) {
                log.add(deliveryJson(d));
            }
            List<Object> dead = new ArrayList<>();
            for (Delivery d : store.deadLetters(s.id())) {
                dead.add(deliveryJson(d));
            }
            return JsonReplies.of("subscription", subscriptionJson(s), "deliveries", log, "dead_letters", dead);
        });
    }

    void replay(RoutingContext ctx) {
        String owner = owner(ctx);
        String id = ctx.pathParam("id");
        answer(ctx, 200, () -> {
            WebhookSubscription s = ownSubscription(owner, id);
            int replayed = store.replayDeadLetters(s.id(), System.currentTimeMillis());
            dispatcher.wake();
            return Map.of("replayed", replayed);
        });
    }

    private Map<String, Object> deliveryJson(Delivery d) {
        return JsonReplies.of("id", d.id(), "event_id", d.eventId(), "event_type", d.eventType(),
                "status", d.status().name().toLowerCase(Locale.ROOT), "attempts", d.attempts(),
                "next_attempt_at", d.nextAttemptAt(), "last_error", d.lastError(), "created_at", d.createdAt(),
                "updated_at", d.updatedAt(), "log", store.attemptsOf(d.id()));
    }

    /** A subscription as the developer sees it: the secret is never sent back, only its last characters. */
    private static Map<String, Object> subscriptionJson(WebhookSubscription s) {
        String hint = s.secret().length() <= 4 ? "" : "…" + s.secret().substring(s.secret().length() - 4);
        return JsonReplies.of("id", s.id(), "app_id", s.appId(), "url", s.url(), "events", s.events(), "active", s.active(),
                "secret_hint", hint, "created_at", s.createdAt());
    }

    private App ownApp(String owner, String appId) {
        return store.app(appId).filter(a -> a.ownerId().equals(owner)).orElseThrow(() -> new Refusal(404, "no such app"));
    }

    private WebhookSubscription ownSubscription(String owner, String id) {
        Optional<WebhookSubscription> s = store.subscription(id);
        if (s.isEmpty()) {
            throw new Refusal(404, "no such subscription");
        }
        ownApp(owner, s.get().appId());
        return s.get();
    }

    private static String owner(RoutingContext ctx) {
        return BrowserSessions.signedIn(ctx).map(BrowserSessions.SignedIn::id).orElseThrow();
    }

    private void answer(RoutingContext ctx, int status, Callable<Object> work) {
        blocking.submit(work).onComplete(result -> reply(ctx, status, result.succeeded() ? result.result() : null, result.cause()));
    }

    private static void reply(RoutingContext ctx, int status, Object body, Throwable failure) {
        if (failure == null) {
            JsonReplies.json(ctx, status, body);
        } else if (failure instanceof Refusal refusal) {
            JsonReplies.error(ctx, refusal.status, refusal.getMessage());
        } else if (failure instanceof IllegalArgumentException) {
            JsonReplies.error(ctx, 400, failure.getMessage()); // the gateway refused (e.g. the policy is gone)
        } else {
            JsonReplies.error(ctx, 500, failure.getMessage());
        }
    }

}
