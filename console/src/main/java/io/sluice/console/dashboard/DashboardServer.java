package io.sluice.console.dashboard;

import io.sluice.console.gatewayapi.KeyIssuer;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.web.BrowserSessions;
import io.sluice.console.web.SpaRouter;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.management.GatewayControl;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.services.GatewayServices;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The dashboard for API owners: its JSON API under {@code /api/} (admin session required, CSRF-checked) and the
 * single-page app for everything else.
 * <pre>
 *   GET  /api/session            POST /api/login, /api/logout
 *   GET  /api/components         the component specs the wizard's forms are built from
 *   POST /api/streams/compose    wizard choices -> stream YAML      POST /api/streams/lint   YAML -> problems (line:column)
 *   GET  /api/apis               POST /api/apis      GET|PUT|DELETE /api/apis/{id}      GET /api/apis/{id}/status
 *   GET  /api/policies           POST /api/policies  DELETE /api/policies/{id}
 *   GET  /api/keys               POST /api/keys      DELETE /api/keys/{hash}
 *   GET  /api/analytics
 *   GET  /api/products           POST /api/products  PUT|DELETE /api/products/{id}     GET /api/portal
 * </pre>
 */
public final class DashboardServer {

    private DashboardServer() {
    }

    public static Router router(Vertx vertx, BrowserSessions sessions, ManagementClient gateway, KeyIssuer issuer,
                                ConsoleStore store, GatewayServices services, GatewayControl control, ComponentRegistry registry,
                                String gatewayUrl, String portalUrl, String portalSecret) {
        SpaRouter app = SpaRouter.create(vertx).sessions(sessions);
        BlockingWork blocking = services.blocking();

        ApiEditor apis = new ApiEditor(gateway, blocking, registry, control, gatewayUrl);
        app.get("/api/components", apis::components);
        app.post("/api/streams/compose", apis::compose);
        app.post("/api/streams/lint", apis::lint);
        app.get("/api/apis", apis::list);
        app.post("/api/apis", apis::create);
        app.get("/api/apis/:id", apis::get);
        app.put("/api/apis/:id", apis::update);
        app.delete("/api/apis/:id", apis::delete);
        app.get("/api/apis/:id/status", apis::status);

        PolicyEditor policies = new PolicyEditor(gateway);
        app.get("/api/policies", policies::list);
        app.post("/api/policies", policies::create);
        app.delete("/api/policies/:id", policies::delete);

        KeyEditor keys = new KeyEditor(gateway, issuer);
        app.get("/api/keys", keys::list);
        app.post("/api/keys", keys::create);
        app.delete("/api/keys/:hash", keys::delete);

        AnalyticsFeed analytics = new AnalyticsFeed(gateway, services);
        app.get("/api/analytics", analytics::snapshot);

        ProductEditor products = new ProductEditor(store, blocking, portalUrl, portalSecret);
        app.get("/api/portal", products::settings);
        app.get("/api/products", products::list);
        app.post("/api/products", products::save);
        app.put("/api/products/:id", products::save);
        app.delete("/api/products/:id", products::delete);

        return app.page("dashboard.html");
    }
}
