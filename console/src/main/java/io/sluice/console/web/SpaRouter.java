package io.sluice.console.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * Builds the router of one of the console's single-page apps in the order that matters: the security headers on every
 * answer first, then the JSON routes (open ones through {@link #router()}, the rest behind the app's login), and last
 * the app's page and assets for every other path.
 */
public final class SpaRouter {

    private final Router router;
    private Handler<RoutingContext> login;

    private SpaRouter(Router router) {
        this.router = router;
    }

    /** A router whose every answer carries the security headers ({@link SpaPages#secureHeaders}). */
    public static SpaRouter create(Vertx vertx) {
        Router router = Router.router(vertx);
        SpaPages.secureHeaders(router);
        return new SpaRouter(router);
    }

    /** Installs the browser sessions: routes added after this see them, and the guarded ones require a login. */
    public SpaRouter sessions(BrowserSessions sessions) {
        sessions.install(router);
        login = sessions.requireUser();
        return this;
    }

    /** The router itself, for routes open to anyone (sign-up, the public catalogue) or with their own handlers. */
    public Router router() {
        return router;
    }

    /** A GET route behind the login. */
    public SpaRouter get(String path, Handler<RoutingContext> handler) {
        return guarded(HttpMethod.GET, path, handler);
    }

    /** A POST route behind the login. */
    public SpaRouter post(String path, Handler<RoutingContext> handler) {
        return guarded(HttpMethod.POST, path, handler);
    }

    /** A PUT route behind the login. */
    public SpaRouter put(String path, Handler<RoutingContext> handler) {
        return guarded(HttpMethod.PUT, path, handler);
    }

    /** A DELETE route behind the login. */
    public SpaRouter delete(String path, Handler<RoutingContext> handler) {
        return guarded(HttpMethod.DELETE, path, handler);
    }

    private SpaRouter guarded(HttpMethod method, String path, Handler<RoutingContext> handler) {
        Objects.requireNonNull(login, "install the sessions before the routes behind the login");
        router.route(method, path).handler(login).handler(handler);
        return this;
    }

    /** Mounts the app's page ({@code dashboard.html}, {@code portal.html}) and assets after the routes; the finished router. */
    public Router page(String page) {
        SpaPages.mount(router, page);
        return router;
    }
}
