package io.sluice.gateway.router;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.MockResponse;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.exchange.RouteHandler;
import io.sluice.gateway.proxy.MockResponder;

import java.util.List;

/**
 * The end of an API's chain: an operation's mock response if it has one, else a mounted handler whose path
 * matches (stream endpoints), else the upstream proxy. A stream API without an upstream answers 404 elsewhere.
 */
final class ApiRouteHandler implements RouteHandler {

    private final ApiDefinition api;
    private final List<MountedHandler> mounted;
    private final RouteHandler upstream;

    ApiRouteHandler(ApiDefinition api, List<MountedHandler> mounted, RouteHandler upstream) {
        this.api = api;
        this.mounted = List.copyOf(mounted);
        this.upstream = upstream;
    }

    @Override
    public void handle(Exchange exchange) {
        MockResponse mock = exchange.operationMiddleware().mock();
        if (mock != null) {
            MockResponder.respond(exchange, mock, api.global().responseHeaders());
            return;
        }
        for (MountedHandler handler : mounted) {
            if (handler.serves(exchange.relativePath())) {
                handler.handler().handle(exchange);
                return;
            }
        }
        if (upstream != null) {
            upstream.handle(exchange);
        } else {
            exchange.fail(404, ErrorMessages.NOT_FOUND);
        }
    }

    @Override
    public boolean metersItself(Exchange exchange) {
        if (exchange.operationMiddleware().mock() != null) {
            return false;
        }
        for (MountedHandler handler : mounted) {
            if (handler.serves(exchange.relativePath())) {
                return handler.handler().metersItself(exchange);
            }
        }
        return false;
    }

    @Override
    public void close() {
        mounted.forEach(m -> m.handler().close());
        if (upstream != null) {
            upstream.close();
        }
    }
}
