package io.sluice.gateway.runtime;

import io.sluice.gateway.router.RoutingTable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

import java.util.function.Supplier;

/**
 * What a request needs from the event loop serving it: that loop's upstream client (connections stay on the loop
 * that uses them), the gateway's services, and the current routing table for {@code tyk://} loops.
 *
 * @param loopToken secret header value that marks a request looped from another API of this gateway; only such
 *                  requests may reach internal APIs
 * @param loopClient the client for those loops: over TLS when the gateway port is, trusting the gateway's own
 *                   certificate (the connection never leaves the host)
 */
public record EdgeContext(Vertx vertx, HttpClient upstreamClient, GatewayServices services, Supplier<RoutingTable> routes,
                          Supplier<Integer> port, String loopToken, HttpClient loopClient, boolean loopOverTls) {

    public static final String LOOP_HEADER = "X-Sluice-Loop";
}
