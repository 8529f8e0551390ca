package io.sluice.gateway.management;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.KeyHasher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;

/**
 * Tyk's gateway API on the gateway port, guarded by {@code x-tyk-authorization: <secret>}:
 * <pre>
 *   /tyk/apis/oas            GET list, POST create           /tyk/apis/oas/{id}  GET, PUT, DELETE
 *   /tyk/apis/oas/import     POST a plain OpenAPI document, or an AsyncAPI 3 document (becomes a stream API)
 *   /tyk/apis/oas/{id}/asyncapi   GET the AsyncAPI 3.0 document of a stream API
 *   /tyk/keys                GET list, POST create (generated key)   /tyk/keys/create  POST (same)
 *   /tyk/keys/{key}          GET, POST (create with this key), PUT, DELETE   (?hashed=true: {key} is the hash)
 *   /tyk/policies            GET list, POST create           /tyk/policies/{id}  GET, PUT, DELETE
 *   /tyk/reload, /tyk/reload/group   GET: reload API definitions (this node / all nodes)
 *   /tyk/streams             GET connection states and counters of every stream API's streams   /tyk/streams/{apiId}  GET
 *   /tyk/cluster             GET the gateway nodes sharing this node's Redis: APIs, streams, leases, consumers
 *   /hello                   GET health, no secret needed
 * </pre>
 */
public final class ManagementApi {

    private static final long MAX_BODY_BYTES = 16 * 1024 * 1024;

    private ManagementApi() {
    }

    /** True for paths this router answers; everything else is API traffic. */
    public static boolean owns(String path) {
        return path.startsWith("/tyk/") || path.equals("/tyk") || path.equals("/hello") || path.startsWith(HealthEndpoint.ECHO_PATH);
    }

    /**
     * Whatever went wrong before an endpoint could answer (a body over the limit, a form body the
     * decoder refused) is answered in the API's JSON shape, never as a bare page or an unhandled error.
     */
    private static void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) return;
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        Throwable cause = ctx.failure();
        if (status == 500 && cause != null && cause.getClass().getName().startsWith("io.netty.handler.codec")) status = 400;
        String message = switch (status) {
            case 413 -> "request body is larger than " + MAX_BODY_BYTES + " bytes";
            case 400 -> "request body could not be read" + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")")
                    + "; send JSON with Content-Type: application/json";
            default -> cause == null ? "request failed" : "internal error: " + cause.getMessage();
        };
        Replies.error(ctx, status, message);
    }

    public static Router router(Vertx vertx, GatewayServices services, GatewayControl control, String secret) {
        Router router = Router.router(vertx);
        HealthEndpoint health = new HealthEndpoint(services);
        router.get("/hello").handler(health::hello);
        router.route(HealthEndpoint.ECHO_PATH + "*").handler(BodyHandler.create().setBodyLimit(1024 * 1024)).handler(HealthEndpoint::echo);

        router.route("/tyk/*").handler(ctx -> guard(ctx, secret));
        router.route("/tyk/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.route("/tyk/*").failureHandler(ManagementApi::failed);

        ApisEndpoint apis = new ApisEndpoint(services, control);
        router.get("/tyk/apis/oas").handler(apis::list);
        router.post("/tyk/apis/oas").handler(apis::create);
        router.post("/tyk/apis/oas/import").handler(apis::importDocument);
        router.get("/tyk/apis/oas/:id").handler(apis::get);
        router.get("/tyk/apis/oas/:id/asyncapi").handler(apis::asyncApi);
        router.put("/tyk/apis/oas/:id").handler(apis::update);
        router.delete("/tyk/apis/oas/:id").handler(apis::delete);

        KeysEndpoint keys = new KeysEndpoint(services);
        router.get("/tyk/keys").handler(keys::list);
        router.post("/tyk/keys").handler(keys::createGenerated);
        router.post("/tyk/keys/create").handler(keys::createGenerated);
        router.get("/tyk/keys/:key").handler(keys::get);
        router.post("/tyk/keys/:key").handler(keys::createGiven);
        router.put("/tyk/keys/:key").handler(keys::update);
        router.delete("/tyk/keys/:key").handler(keys::delete);

        PoliciesEndpoint policies = new PoliciesEndpoint(services, control);
        router.get("/tyk/policies").handler(policies::list);
        router.post("/tyk/policies").handler(policies::create);
        router.get("/tyk/policies/:id").handler(policies::get);
        router.put("/tyk/policies/:id").handler(policies::update);
        router.delete("/tyk/policies/:id").handler(policies::delete);

        StreamsEndpoint streams = new StreamsEndpoint(control);
        router.get("/tyk/streams").handler(streams::list);
        router.get("/tyk/streams/:apiId").handler(streams::get);

        router.get("/tyk/cluster").handler(ctx -> control.cluster().onComplete(result -> {
            if (result.succeeded()) {
                Replies.json(ctx, 200, result.result());
            } else {
                Replies.error(ctx, 503, "cannot read the cluster's nodes: " + result.cause().getMessage());
            }
        }));

        AnalyticsEndpoint analytics = new AnalyticsEndpoint(control::analytics, services.blocking());
        router.get("/tyk/analytics").handler(analytics::get);

        router.route(HttpMethod.GET, "/tyk/reload").handler(ctx -> reload(ctx, control, false));
        router.route(HttpMethod.GET, "/tyk/reload/").handler(ctx -> reload(ctx, control, false));
        router.route(HttpMethod.GET, "/tyk/reload/group").handler(ctx -> reload(ctx, control, true));

        router.route("/tyk/*").last().handler(ctx -> Replies.error(ctx, 404, "Not found"));
        router.errorHandler(500, ctx -> Replies.error(ctx, 500, "internal error: " + (ctx.failure() == null ? "" : ctx.failure().getMessage())));
        router.errorHandler(413, ctx -> Replies.error(ctx, 413, "request body too large"));
        return router;
    }

    private static void guard(RoutingContext ctx, String secret) {
        if (!KeyHasher.constantTimeEquals(secret, ctx.request().getHeader(GatewayConfig.SECRET_HEADER))) {
            Replies.error(ctx, 403, "Attempted administrative access with invalid or missing key!");
            return;
        }
        ctx.next();
    }

    private static void reload(RoutingContext ctx, GatewayControl control, boolean group) {
        control.reload(group).onComplete(result -> {
            if (result.succeeded()) {
                Replies.json(ctx, 200, Map.of("status", "ok", "message", ""));
            } else {
                Replies.error(ctx, 500, "reload failed: " + result.cause().getMessage());
            }
        });
    }
}
