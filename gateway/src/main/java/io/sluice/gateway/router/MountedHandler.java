package io.sluice.gateway.router;

import io.sluice.gateway.exchange.RouteHandler;

/**
 * A handler mounted under an API's listen path.
 *
 * @param relativePath path below the listen path it serves, e.g. "/stream/ws"; it also serves paths below it
 */
public record MountedHandler(String relativePath, RouteHandler handler) {

    public boolean serves(String path) {
        return path.equals(relativePath) || path.startsWith(relativePath.endsWith("/") ? relativePath : relativePath + "/");
    }
}
