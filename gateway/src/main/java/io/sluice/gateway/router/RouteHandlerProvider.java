package io.sluice.gateway.router;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.services.GatewayServices;

import java.util.List;

/**
 * Extension point for handlers at the end of an API's chain. The stream-API support registers one: for a definition
 * carrying {@code x-tyk-streaming} it mounts its endpoints (WebSocket, SSE, HTTP) below the listen path, and they
 * run after authentication, access rights, rate limit and quota like any proxied request.
 * Called on every (re)load of a definition; handlers of a replaced definition are closed.
 */
public interface RouteHandlerProvider {

    List<MountedHandler> handlersFor(ApiDefinition api, GatewayServices services);

    /**
     * Checks the part of a definition this provider serves, before it is stored (management API: refused with 400)
     * or loaded (app_path: skipped with a log line). May block: it is called on a virtual thread.
     */
    default void check(ApiDefinition api) throws InvalidApiDefinitionException {
    }
}
