package io.sluice.gateway.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.sluice.core.observe.Tracing;
import io.sluice.gateway.exchange.Exchange;
import io.vertx.core.MultiMap;

import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's spans: a server span per request routed to an API (continuing the caller's {@code traceparent}), a
 * client span per upstream call (its context sent upstream as {@code traceparent}), and a consumer span per message
 * delivered to a stream consumer (child of the message's context).
 */
public final class RequestSpans {

    private RequestSpans() {
    }

    static Span server(Exchange exchange) {
        var request = exchange.request();
        Map<String, String> headers = new HashMap<>();
        String tp = request.getHeader(Tracing.TRACEPARENT);
        if (tp != null) headers.put(Tracing.TRACEPARENT, tp);
        String ts = request.getHeader(Tracing.TRACESTATE);
        if (ts != null) headers.put(Tracing.TRACESTATE, ts);
        return Tracing.tracer().spanBuilder(request.method().name() + " " + exchange.api().listenPath().value())
                .setParent(Tracing.extract(headers)).setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", request.method().name())
                .setAttribute("url.path", request.path())
                .setAttribute("sluice.api_id", exchange.api().id())
                .startSpan();
    }

    /** The upstream call's span, child of the request's; null when the request is not traced. Its context goes upstream. */
    public static Span upstream(Exchange exchange, MultiMap upstreamHeaders, String host, int port) {
        Span parent = exchange.span();
        if (parent == null) return null;
        Span span = Tracing.tracer().spanBuilder("upstream " + exchange.request().method().name())
                .setParent(Context.root().with(parent)).setSpanKind(SpanKind.CLIENT)
                .setAttribute("server.address", host).setAttribute("server.port", port).startSpan();
        Tracing.inject(span, upstreamHeaders, (h, k, v) -> h.set(k, v));
        return span;
    }

    public static void end(Span span, int status) {
        if (span == null) return;
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) span.setStatus(StatusCode.ERROR);
        span.end();
    }
}
