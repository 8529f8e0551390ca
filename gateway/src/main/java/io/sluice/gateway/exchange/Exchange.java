package io.sluice.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.opentelemetry.api.trace.Span;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.OasOperation;
import io.sluice.gateway.apidef.OperationMiddleware;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.session.Identity;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One request on its way through an API: the client request, what the chain learned about it (operation, identity)
 * and what it decided to send upstream and back. Lives on one event loop; never shared between threads.
 */
public final class Exchange {

    private final HttpServerRequest request;
    private final ApiDefinition api;
    private final String relativePath;
    private final OasOperation operation;
    private final OperationMiddleware operationMiddleware;
    private final EdgeContext edge;
    private final MultiMap upstreamHeaders;
    private final MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
    private final Set<String> removedQueryParameters = new HashSet<>();
    private Identity identity;
    private boolean securityBypassed;
    private long bodyLimit;
    private boolean answered;
    private long upstreamStarted;
    private long upstreamNanos = -1;
    private Span span;

    public Exchange(HttpServerRequest request, ApiDefinition api, String relativePath, EdgeContext edge) {
        this.request = request;
        this.api = api;
        this.relativePath = relativePath;
        this.edge = edge;
        this.operation = api.operationFor(request.method().name(), relativePath).orElse(null);
        this.operationMiddleware = api.middlewareOf(operation);
        this.upstreamHeaders = HopByHopHeaders.copyEndToEnd(request.headers());
    }

    public HttpServerRequest request() { return request; }
    public ApiDefinition api() { return api; }
    /** The request path below the listen path, always starting with "/". */
    public String relativePath() { return relativePath; }
    /** The OAS operation hit, or null when the path is not described in the document. */
    public OasOperation operation() { return operation; }
    public OperationMiddleware operationMiddleware() { return operationMiddleware; }
    public EdgeContext edge() { return edge; }
    /** Headers that will be sent upstream; steps transform these, never the client's. */
    public MultiMap upstreamHeaders() { return upstreamHeaders; }
    /** Headers added to whatever answer the client gets, error or not (rate-limit headers, CORS). */
    public MultiMap responseHeaders() { return responseHeaders; }
    public Set<String> removedQueryParameters() { return removedQueryParameters; }
    public Identity identity() { return identity; }
    public void identity(Identity who) { this.identity = who; }

    /** Set by CORS for a pass-through preflight: security steps let it through untouched. */
    public boolean securityBypassed() { return securityBypassed; }
    public void bypassSecurity() { this.securityBypassed = true; }

    /** Largest request body the handler may forward; 0 = no limit. */
    public long bodyLimit() { return bodyLimit; }
    public void bodyLimit(long bytes) { this.bodyLimit = bytes; }

    public boolean answered() { return answered; }

    /** Marks the moment the upstream request is sent, for the upstream latency. */
    public void upstreamStarted() { this.upstreamStarted = System.nanoTime(); }
    /** Marks the moment the upstream's answer (its head) arrived. */
    public void upstreamAnswered() { if (upstreamStarted != 0) this.upstreamNanos = System.nanoTime() - upstreamStarted; }
    /** The request's server span when the gateway traces; null otherwise. */
    public Span span() { return span; }
    public void span(Span s) { this.span = s; }

    /** How long the upstream took to answer, in nanoseconds; -1 when no upstream answered. */
    public long upstreamNanos() { return upstreamNanos; }

    /** Marks the exchange answered by a handler that writes its own response. Returns false if it already was. */
    public boolean claimResponse() {
        if (answered) {
            return false;
        }
        answered = true;
        return true;
    }

    /** Answers with Tyk's JSON error body {@code {"error": "..."}}. */
    public void fail(int status, String message) {
        if (!claimResponse()) {
            return;
        }
        // Let any unread request body drain so the connection stays usable for the next request.
        request.resume();
        HttpServerResponse response = request.response();
        if (response.headWritten() || response.closed()) {
            request.connection().close();
            return;
        }
        response.headers().addAll(responseHeaders);
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(errorBody(message));
    }

    public static String errorBody(String message) {
        try {
            return GatewayJson.MAPPER.writeValueAsString(Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
