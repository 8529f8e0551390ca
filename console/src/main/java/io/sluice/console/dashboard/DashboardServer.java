package io.sluice.console.dashboard;

import io.sluice.console.gatewayapi.KeyIssuer;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.web.BrowserSessions;
import io.sluice.console.web.SpaPages;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.management.GatewayControl;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.services.GatewayServices;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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
        Router router = Router.router(vertx);
        SpaPages.secureHeaders(router);
        sessions.install(router);
        Handler<RoutingContext> admin = sessions.requireUser();
        BlockingWork blocking = services.blocking();

        ApiEditor apis = new ApiEditor(gateway, blocking, registry, control, gatewayUrl);
        router.get("/api/components").handler(admin).handler(apis::components);
        router.post("/api/streams/compose").handler(admin).handler(apis::compose);
        router.post("/api/streams/lint").handler(admin).handler(apis::lint);
        router.get("/api/apis").handler(admin).handler(apis::list);
        router.post("/api/apis").handler(admin).handler(apis::create);
        router.get("/api/apis/:id").handler(admin).handler(apis::get);
        router.put("/api/apis/:id").handler(admin).handler(apis::update);
        router.delete("/api/apis/:id").handler(admin).handler(apis::delete);
        router.get("/api/apis/:id/status").handler(admin).handler(apis::status);

        PolicyEditor policies = new PolicyEditor(gateway);
        router.get("/api/policies").handler(admin).handler(policies::list);
        router.post("/api/policies").handler(admin).handler(policies::create);
        router.delete("/api/policies/:id").handler(admin).handler(policies::delete);

        KeyEditor keys = new KeyEditor(gateway, issuer);
        router.get("/api/keys").handler(admin).handler(keys::list);
        router.post("/api/keys").handler(admin).handler(keys::create);
        router.delete("/api/keys/:hash").handler(admin).handler(keys::delete);

        AnalyticsFeed analytics = new AnalyticsFeed(gateway, services);
        router.get("/api/analytics").handler(admin).handler(analytics::snapshot);

        ProductEditor products = new ProductEditor(store, blocking, portalUrl, portalSecret);
        router.get("/api/portal").handler(admin).handler(products::settings);
        router.get("/api/products").handler(admin).handler(products::list);
        router.post("/api/products").handler(admin).handler(products::save);
        router.put("/api/products/:id").handler(admin).handler(products::save);
        router.delete("/api/products/:id").handler(admin).handler(products::delete);

        SpaPages.mount(router, "dashboard.html");
        return router;
    }
}
