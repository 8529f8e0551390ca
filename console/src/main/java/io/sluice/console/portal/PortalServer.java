package io.sluice.console.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.auth.PasswordHasher;
import io.sluice.console.gatewayapi.KeyIssuer;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.DuplicateException;
import io.sluice.console.store.User;
import io.sluice.console.web.BrowserSessions;
import io.sluice.console.web.JsonReplies;
import io.sluice.console.web.SpaRouter;
import io.sluice.console.webhook.AddressPolicy;
import io.sluice.console.webhook.PortalWebhookOutput;
import io.sluice.console.webhook.WebhookDispatcher;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The developer portal: its JSON API under {@code /api/} and the single-page app for everything else.
 * <pre>
 *   POST /api/webhooks/events        events from portal_webhook outputs (signed with the portal's API secret, no session)
 *   GET  /api/session                POST /api/signup, /api/login, /api/logout
 *   GET  /api/catalogue              published products and how to call them (no login needed)
 *   GET  /api/products/{id}/asyncapi the AsyncAPI 3 document of a published product's stream API (no login needed)
 *   GET  /api/apps                   POST /api/apps       GET /api/apps/{id}
 *   POST /api/apps/{id}/keys         a key for a product, under the product's policy (shown once)
 *   POST /api/apps/{id}/subscriptions                     DELETE /api/subscriptions/{id}
 *   GET  /api/subscriptions/{id}/deliveries               POST /api/subscriptions/{id}/replay
 * </pre>
 */
public final class PortalServer {

    private static final int MIN_PASSWORD_LENGTH = 10;

    private PortalServer() {
    }

    public static Router router(Vertx vertx, BrowserSessions sessions, ConsoleStore store, BlockingWork blocking,
                                ManagementClient gateway, KeyIssuer issuer, ComponentRegistry registry, PasswordHasher hasher,
                                AddressPolicy addresses, WebhookDispatcher dispatcher, String apiSecret, String gatewayUrl) {
        SpaRouter app = SpaRouter.create(vertx);
        EventIntake intake = new EventIntake(store, blocking, dispatcher, apiSecret);
        app.router().post(PortalWebhookOutput.INTAKE_PATH).handler(BodyHandler.create().setBodyLimit(16 * 1024 * 1024)).handler(intake::accept);

        app.sessions(sessions);
        app.router().post("/api/signup").handler(ctx -> signUp(ctx, sessions, store, blocking, hasher));
        Catalogue catalogue = new Catalogue(store, blocking, gateway, registry, gatewayUrl);
        app.router().get("/api/catalogue").handler(catalogue::list);
        app.router().get("/api/products/:id/asyncapi").handler(catalogue::asyncApi);

        DeveloperApps apps = new DeveloperApps(store, blocking, issuer, addresses, dispatcher);
        app.get("/api/apps", apps::list);
        app.post("/api/apps", apps::create);
        app.get("/api/apps/:id", apps::get);
        app.post("/api/apps/:id/keys", apps::issueKey);
        app.post("/api/apps/:id/subscriptions", apps::subscribe);
        app.delete("/api/subscriptions/:id", apps::unsubscribe);
        app.get("/api/subscriptions/:id/deliveries", apps::deliveries);
        app.post("/api/subscriptions/:id/replay", apps::replay);

        return app.page("portal.html");
    }

    private static void signUp(RoutingContext ctx, BrowserSessions sessions, ConsoleStore store, BlockingWork blocking, PasswordHasher hasher) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String email = JsonReplies.text(body, "email");
        String password = body.path("password").asText("");
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 320) {
            JsonReplies.error(ctx, 400, "email: enter a valid email address");
            return;
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            JsonReplies.error(ctx, 400, "password: use at least " + MIN_PASSWORD_LENGTH + " characters");
            return;
        }
        blocking.submit(() -> store.createUser(email, hasher.hash(password), User.Role.DEVELOPER)).onComplete(created -> {
            if (created.failed()) {
                if (created.cause() instanceof DuplicateException) {
                    JsonReplies.error(ctx, 409, "an account with this email exists already: log in instead");
                } else {
                    JsonReplies.error(ctx, 500, "cannot create the account: " + created.cause().getMessage());
                }
                return;
            }
            sessions.signIn(ctx, created.result());
        });
    }
}
