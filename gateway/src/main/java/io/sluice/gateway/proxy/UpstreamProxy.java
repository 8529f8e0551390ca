package io.sluice.gateway.proxy;

import io.opentelemetry.api.trace.Span;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.exchange.EdgeContext;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.exchange.HopByHopHeaders;
import io.sluice.gateway.exchange.RouteHandler;
import io.sluice.gateway.middleware.RequestHeaderTransformStep;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.sluice.gateway.observe.RequestSpans;
import io.sluice.gateway.tls.UpstreamTlsOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a request to the API's upstream and streams the answer back, both bodies flowing with back-pressure
 * (nothing is buffered whole). Connection-scoped headers are dropped, {@code X-Forwarded-For/-Proto/-Host} added.
 * An unreachable upstream is a 502, one that does not answer within {@code proxy_default_timeout} a 504, both with
 * a JSON error body. {@code tyk://<api id or name>} upstreams loop to another API of this gateway over loopback,
 * marked with a per-process secret so only they may reach internal APIs.
 */
public final class UpstreamProxy implements RouteHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProxy.class);

    private final ApiDefinition api;
    private final long timeoutMillis;
    private final boolean loop;
    private final boolean ssl;
    private final String host;
    private final int port;
    private final String basePath;
    /** Null when the API has no TLS settings of its own: the event loop's shared client then serves it. */
    private final UpstreamTlsOptions tls;
    private final Map<EdgeContext, HttpClient> tlsClients = new ConcurrentHashMap<>();

    public UpstreamProxy(ApiDefinition api, double timeoutSeconds) {
        this.api = api;
        this.timeoutMillis = Math.max(1, Math.round(timeoutSeconds * 1000));
        URI upstream = URI.create(api.upstreamUrl());
        String scheme = upstream.getScheme().toLowerCase();
        this.loop = scheme.equals("tyk");
        this.ssl = scheme.equals("https");
        this.host = upstream.getHost() != null ? upstream.getHost() : upstream.getAuthority();
        this.port = upstream.getPort() > 0 ? upstream.getPort() : (ssl ? 443 : 80);
        String path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.tls = api.tls().upstream().isDefault() ? null : UpstreamTlsOptions.of(api.tls().upstream());
    }

    /** The options of every upstream client: keep-alive, no compression (bodies pass through as they are). */
    public static HttpClientOptions clientOptions() {
        return new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000)
                .setDecompressionSupported(false)
                .setTryUseCompression(false);
    }

    public static PoolOptions poolOptions() {
        return new PoolOptions().setHttp1MaxSize(512);
    }

    /** This API's own client on the event loop of {@code edge}, so its TLS settings apply only to its upstream. */
    private HttpClient clientFor(EdgeContext edge, boolean targetSsl) {
        if (tls == null || !targetSsl) {
            return edge.upstreamClient();
        }
        return tlsClients.computeIfAbsent(edge, e -> e.vertx().createHttpClient(tls.apply(clientOptions()), poolOptions()));
    }

    @Override
    public void close() {
        tlsClients.values().forEach(HttpClient::close);
        tlsClients.clear();
    }

    @Override
    public void handle(Exchange exchange) {
        HttpServerRequest request = exchange.request();
        EdgeContext edge = exchange.edge();
        String targetHost = host;
        int targetPort = port;
        boolean targetSsl = ssl;
        String prefix = basePath;
        MultiMap headers = exchange.upstreamHeaders();
        headers.remove("Host");
        headers.remove(EdgeContext.LOOP_HEADER);
        if (loop) {
            Optional<ApiDefinition> target = host.equals("self") ? Optional.empty() : edge.apiByIdOrName().apply(host);
            String targetBase = host.equals("self") ? api.listenPath().base() : target.map(t -> t.listenPath().base()).orElse(null);
            if (targetBase == null) {
                exchange.fail(502, ErrorMessages.UPSTREAM_FAILED);
                return;
            }
            targetHost = "127.0.0.1";
            targetPort = edge.port().get();
            targetSsl = edge.loopOverTls();
            prefix = targetBase + basePath;
            headers.set(EdgeContext.LOOP_HEADER, edge.loopToken());
        }
        addForwardingHeaders(request, headers);

        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(targetHost)
                .setPort(targetPort)
                .setSsl(targetSsl)
                .setURI(prefix + forwardedPath(exchange) + query(exchange))
                .setHeaders(headers);

        exchange.upstreamStarted();
        Span upstreamSpan = RequestSpans.upstream(exchange, headers, targetHost, targetPort);
        (loop ? edge.loopClient() : clientFor(edge, targetSsl)).request(options).onComplete(created -> {
            if (created.failed()) {
                RequestSpans.end(upstreamSpan, 502);
                failed(exchange, created.cause());
                return;
            }
            HttpClientRequest upstream = created.result();
            // Failures surface through the response future; this only keeps Vert.x from logging them a second time.
            upstream.exceptionHandler(e -> { });
            request.response().closeHandler(v -> upstream.reset());
            upstream.response().onComplete(answered -> {
                if (answered.failed()) {
                    RequestSpans.end(upstreamSpan, 504);
                    upstream.reset();
                    failed(exchange, answered.cause());
                } else {
                    exchange.upstreamAnswered();
                    RequestSpans.end(upstreamSpan, answered.result().statusCode());
                    relay(exchange, upstream, answered.result());
                }
            });
            sendBody(exchange, upstream).onSuccess(sent ->
                    // The upstream gets proxy_default_timeout to answer once it has the whole request, however long the upload took.
                    upstream.idleTimeout(timeoutMillis));
        });
    }

    private static Future<Void> sendBody(Exchange exchange, HttpClientRequest upstream) {
        HttpServerRequest request = exchange.request();
        if (!hasBody(request)) {
            request.resume();
            return upstream.end();
        }
        if (!upstream.headers().contains("Content-Length")) {
            upstream.setChunked(true);
        }
        ReadStream<Buffer> body = request;
        if (exchange.bodyLimit() > 0) {
            body = new BodySizeGuard(request, exchange.bodyLimit(), () -> {
                exchange.fail(400, ErrorMessages.REQUEST_TOO_LARGE);
                upstream.reset();
            });
        }
        return body.pipeTo(upstream);
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase().contains("chunked");
    }

    private void relay(Exchange exchange, HttpClientRequest upstream, HttpClientResponse answer) {
        if (!exchange.claimResponse()) {
            upstream.reset();
            return;
        }
        HttpServerResponse response = exchange.request().response();
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        MultiMap headers = HopByHopHeaders.copyEndToEnd(answer.headers());
        RequestHeaderTransformStep.apply(exchange.operationMiddleware().responseHeaders(), headers);
        RequestHeaderTransformStep.apply(api.global().responseHeaders(), headers);
        response.headers().addAll(headers);
        response.headers().addAll(exchange.responseHeaders());
        if (!headers.contains("Content-Length")) {
            response.setChunked(true);
        }
        answer.pipeTo(response).onFailure(e -> {
            // The client went away or the upstream broke mid-body: nothing sensible can be sent any more.
            upstream.reset();
            if (!response.ended() && !response.closed()) {
                exchange.request().connection().close();
            }
        });
    }

    private static void failed(Exchange exchange, Throwable cause) {
        if (cause instanceof TimeoutException) {
            exchange.fail(504, ErrorMessages.UPSTREAM_TIMEOUT);
        } else {
            if (!(cause instanceof ConnectException)) {
                LOG.debug("Proxying to API {} failed", exchange.api().id(), cause);
            }
            exchange.fail(502, ErrorMessages.UPSTREAM_FAILED);
        }
    }

    private String forwardedPath(Exchange exchange) {
        return api.listenPath().strip() ? exchange.relativePath() : exchange.request().path();
    }

    private static String query(Exchange exchange) {
        String query = exchange.request().query();
        if (query == null || query.isEmpty()) {
            return "";
        }
        if (exchange.removedQueryParameters().isEmpty()) {
            return "?" + query;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : query.split("&")) {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            if (!exchange.removedQueryParameters().contains(name)) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? "" : "?" + String.join("&", kept);
    }

    private static void addForwardingHeaders(HttpServerRequest request, MultiMap headers) {
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (client != null) {
            String prior = headers.get("X-Forwarded-For");
            headers.set("X-Forwarded-For", prior == null || prior.isBlank() ? client : prior + ", " + client);
        }
        if (!headers.contains("X-Forwarded-Proto")) {
            headers.set("X-Forwarded-Proto", request.isSSL() ? "https" : "http");
        }
        String originalHost = request.getHeader("Host");
        if (!headers.contains("X-Forwarded-Host") && originalHost != null) {
            headers.set("X-Forwarded-Host", originalHost);
        }
    }
}
