package io.sluice.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.web.JsonReplies;
import io.sluice.console.webhook.WebhookDispatcher;
import io.sluice.console.webhook.WebhookSignature;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.runtime.GatewayJson;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/webhooks/events}: where {@code portal_webhook} outputs hand over events. The request must be signed
 * with the portal's API secret ({@link WebhookSignature}, same scheme as deliveries). The events are stored with one
 * pending delivery per interested subscription before the answer (202), so an accepted event survives a restart and the
 * stream acknowledges its source only once the events are safe.
 */
final class EventIntake {

    private static final int MAX_EVENTS = 10_000;

    private final ConsoleStore store;
    private final BlockingWork blocking;
    private final WebhookDispatcher dispatcher;
    private final String secret;

    EventIntake(ConsoleStore store, BlockingWork blocking, WebhookDispatcher dispatcher, String secret) {
        this.store = store;
        this.blocking = blocking;
        this.dispatcher = dispatcher;
        this.secret = secret;
    }

    void accept(RoutingContext ctx) {
        byte[] raw = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (!WebhookSignature.verify(secret, ctx.request().getHeader(WebhookSignature.TIMESTAMP_HEADER),
                ctx.request().getHeader(WebhookSignature.SIGNATURE_HEADER), raw, System.currentTimeMillis() / 1000)) {
            JsonReplies.error(ctx, 401, "missing, wrong or expired signature: sign with the portal's API secret (portal.api_secret)");
            return;
        }
        JsonNode body;
        try {
            body = GatewayJson.MAPPER.readTree(raw);
        } catch (IOException e) {
            JsonReplies.error(ctx, 400, "the body is not JSON: " + e.getMessage());
            return;
        }
        String type = body == null ? "" : body.path("event_type").asText("").trim();
        JsonNode events = body == null ? null : body.get("events");
        if (type.isEmpty() || events == null || !events.isArray()) {
            JsonReplies.error(ctx, 400, "expected {\"event_type\": \"...\", \"events\": [...]}");
            return;
        }
        if (events.size() > MAX_EVENTS) {
            JsonReplies.error(ctx, 413, "at most " + MAX_EVENTS + " events per request");
            return;
        }
        List<String> bodies = new ArrayList<>(events.size());
        events.forEach(event -> bodies.add(event.toString()));
        blocking.submit(() -> store.recordEvents(type, bodies, System.currentTimeMillis())).onComplete(stored -> {
            if (stored.failed()) {
                JsonReplies.error(ctx, 503, "cannot store the events: " + stored.cause().getMessage());
                return;
            }
            dispatcher.wake();
            JsonReplies.json(ctx, 202, Map.of("accepted", stored.result().size(), "ids", stored.result()));
        });
    }
}
