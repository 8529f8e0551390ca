package io.sluice.gateway.proxy;

import io.sluice.gateway.apidef.HeaderTransform;
import io.sluice.gateway.apidef.MockResponse;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.middleware.RequestHeaderTransformStep;
import io.vertx.core.http.HttpServerResponse;

/** Answers an operation with its configured mock response, after the whole chain (as Tyk does for OAS APIs). */
public final class MockResponder {

    private MockResponder() {
    }

    public static void respond(Exchange exchange, MockResponse mock, HeaderTransform globalResponseHeaders) {
        if (!exchange.claimResponse()) {
            return;
        }
        exchange.request().resume();
        HttpServerResponse response = exchange.request().response();
        response.setStatusCode(mock.code());
        mock.headers().forEach(h -> response.putHeader(h.name(), h.value()));
        response.headers().addAll(exchange.responseHeaders());
        RequestHeaderTransformStep.apply(exchange.operationMiddleware().responseHeaders(), response.headers());
        RequestHeaderTransformStep.apply(globalResponseHeaders, response.headers());
        response.end(mock.body());
    }
}
