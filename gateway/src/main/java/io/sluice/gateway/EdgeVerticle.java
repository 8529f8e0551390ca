package io.sluice.gateway;

import io.sluice.gateway.exchange.EdgeContext;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.management.GatewayControl;
import io.sluice.gateway.management.ManagementApi;
import io.sluice.gateway.observe.MetricsEndpoint;
import io.sluice.gateway.observe.RequestObserver;
import io.sluice.gateway.proxy.UpstreamProxy;
import io.sluice.gateway.router.LoadedApi;
import io.sluice.gateway.router.RoutingTable;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.tls.ServerTls;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.util.function.Supplier;

/**
 * One event loop's share of the edge: an HTTP server on the gateway port, over TLS when {@code use_ssl} is on
 * (Vert.x spreads connections over the instances) and an upstream client whose connections stay on this loop. Routes each request to the management API
 * or, by listen path, to an API's chain.
 */
final class EdgeVerticle extends AbstractVerticle {

    private final GatewayServices services;
    private final GatewayControl control;
    private final Supplier<RoutingTable> routes;
    private final String secret;
    private final String loopToken;
    private final int port;
    private final ServerTls tls;
    private final RequestObserver observer;
    private final MetricsEndpoint metrics;
    private EdgeContext edge;
    private Router management;
    private HttpServer server;

    EdgeVerticle(GatewayServices services, GatewayControl control, Supplier<RoutingTable> routes, String secret,
                 String loopToken, int port, ServerTls tls, RequestObserver observer, MetricsEndpoint metrics) {
        this.services = services;
        this.control = control;
        this.routes = routes;
        this.secret = secret;
        this.loopToken = loopToken;
        this.port = port;
        this.tls = tls;
        this.observer = observer;
        this.metrics = metrics;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient upstreamClient = vertx.createHttpClient(UpstreamProxy.clientOptions(), UpstreamProxy.poolOptions());
        HttpClient loopClient = tls == null ? upstreamClient : vertx.createHttpClient(UpstreamProxy.clientOptions()
                .setSsl(true).setTrustAll(true).setVerifyHost(false), UpstreamProxy.poolOptions());
        edge = new EdgeContext(vertx, upstreamClient, reference -> routes.get().byIdOrName(reference).map(LoadedApi::definition),
                () -> port, loopToken, loopClient, tls != null);
        management = ManagementApi.router(vertx, services, control, secret);
        String host = services.config().listenAddress().isBlank() ? "0.0.0.0" : services.config().listenAddress();
        HttpServerOptions options = new HttpServerOptions()
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setHandle100ContinueAutomatically(true);
        server = vertx.createHttpServer(tls == null ? options : tls.configure(options));
        server.requestHandler(this::route).listen(port, host).<Void>mapEmpty().onComplete(started);
    }

    private void route(HttpServerRequest request) {
        String path = normalized(request.path());
        if (path == null) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(Exchange.errorBody("Malformed request path"));
            return;
        }
        if (metrics != null && path.equals(MetricsEndpoint.PATH)) {
            metrics.handle(request);
            return;
        }
        if (ManagementApi.owns(path)) {
            management.handle(request);
            return;
        }
        boolean looped = loopToken.equals(request.getHeader(EdgeContext.LOOP_HEADER));
        RoutingTable.Match match = routes.get().match(path, looped);
        if (match == null) {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(Exchange.errorBody(ErrorMessages.NOT_FOUND));
            return;
        }
        // Hold the body until the chain has decided; the proxy then streams it upstream with back-pressure.
        request.pause();
        Exchange exchange = new Exchange(request, match.api().definition(), match.relativePath(), edge);
        if (observer != null) observer.watch(exchange);
        match.api().chain().run(exchange);
    }

    /** Resolves "." and ".." so "/api/../admin" cannot slip past a listen path; null when unparseable. */
    private static String normalized(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        if (!path.contains("/.")) {
            return path;
        }
        try {
            String clean = new URI(null, null, path, null).normalize().getPath();
            return clean.startsWith("/") ? clean : null;
        } catch (Exception e) {
            return null;
        }
    }
}
