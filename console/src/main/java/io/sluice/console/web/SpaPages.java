package io.sluice.console.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;

/**
 * Serves one of the single-page apps built into the jar ({@code console-web/}, by {@code web/build.sh}): hashed assets
 * under {@code /assets/} (cached for a year), and the app's page for every other GET outside {@code /api/}, so that
 * deep links work. Every answer carries a Content-Security-Policy that allows only the app's own scripts and styles.
 */
public final class SpaPages {

    static final String ROOT = "console-web";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SpaPages() {
    }

    /** Adds the security headers to every answer of the router. */
    public static void secureHeaders(Router router) {
        router.route().handler(ctx -> {
            HttpServerResponse response = ctx.response();
            response.putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY");
            ctx.next();
        });
    }

    /** Mounts the assets and the page ({@code dashboard.html} or {@code portal.html}); call after the API routes. */
    public static void mount(Router router, String page) {
        Buffer html = read(ROOT + "/" + page);
        Buffer icon = read(ROOT + "/favicon.svg");
        // The handler serves paths below its route: /assets/x.js is console-web/assets/x.js.
        router.get("/assets/*").handler(StaticHandler.create(ROOT + "/assets").setCachingEnabled(true)
                .setMaxAgeSeconds(365L * 24 * 3600).setIncludeHidden(false).setDirectoryListing(false));
        router.get("/favicon.svg").handler(ctx -> {
            if (icon == null) {
                ctx.response().setStatusCode(404).end();
            } else {
                ctx.response().putHeader("Content-Type", "image/svg+xml").putHeader("Cache-Control", "max-age=86400").end(icon);
            }
        });
        router.get("/*").handler(ctx -> page(ctx, html));
    }

    private static void page(RoutingContext ctx, Buffer html) {
        if (ctx.normalizedPath().startsWith("/api/")) {
            JsonReplies.error(ctx, 404, "not found");
            return;
        }
        if (html == null) {
            ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("The web app was not built into this jar (the build ran with -Dconsole.web.skip=true).\n");
            return;
        }
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache").end(html);
    }

    private static Buffer read(String resource) {
        try (InputStream in = SpaPages.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
