package io.sluice.gateway.router;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.auth.JwtVerifier;
import io.sluice.gateway.exchange.RouteHandler;
import io.sluice.gateway.middleware.Chain;
import io.sluice.gateway.middleware.MiddlewareChain;
import io.sluice.gateway.proxy.UpstreamProxy;
import io.sluice.gateway.services.GatewayServices;

import java.util.ArrayList;
import java.util.List;

/**
 * An API ready to serve: its definition and its assembled chain. Built once per (re)load of a changed definition;
 * an unchanged definition keeps its LoadedApi across reloads, so its in-flight requests and state are untouched.
 */
public final class LoadedApi implements AutoCloseable {

    private final ApiDefinition definition;
    private final String fingerprint;
    private final Chain chain;

    private LoadedApi(ApiDefinition definition, String fingerprint, Chain chain) {
        this.definition = definition;
        this.fingerprint = fingerprint;
        this.chain = chain;
    }

    public static LoadedApi load(ApiDefinition definition, GatewayServices services, List<RouteHandlerProvider> providers,
                                 JwtVerifier jwtVerifier) {
        List<MountedHandler> mounted = new ArrayList<>();
        for (RouteHandlerProvider provider : providers) {
            mounted.addAll(provider.handlersFor(definition, services));
        }
        RouteHandler upstream = definition.upstreamUrl().isEmpty() ? null
                : new UpstreamProxy(definition, services.config().proxyDefaultTimeout());
        Chain chain = MiddlewareChain.assemble(definition, services, jwtVerifier, new ApiRouteHandler(definition, mounted, upstream));
        return new LoadedApi(definition, definition.document().toString(), chain);
    }

    public ApiDefinition definition() {
        return definition;
    }

    public Chain chain() {
        return chain;
    }

    /** Two loads of the same document are interchangeable. */
    public boolean sameAs(ApiDefinition other) {
        return fingerprint.equals(other.document().toString());
    }

    @Override
    public void close() {
        chain.terminal().close();
    }
}
