package io.sluice.gateway.exchange;

import io.sluice.gateway.apidef.ApiDefinition;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a request needs from the event loop serving it: that loop's upstream client (connections stay on the loop
 * that uses them) and what {@code tyk://} loops need to reach another API of this gateway.
 *
 * @param apiByIdOrName the API a {@code tyk://} upstream names (by id or by name) in the current routing table
 * @param loopToken secret header value that marks a request looped from another API of this gateway; only such
 *                  requests may reach internal APIs
 * @param loopClient the client for those loops: over TLS when the gateway port is, trusting the gateway's own
 *                   certificate (the connection never leaves the host)
 */
public record EdgeContext(Vertx vertx, HttpClient upstreamClient, Function<String, Optional<ApiDefinition>> apiByIdOrName,
                          Supplier<Integer> port, String loopToken, HttpClient loopClient, boolean loopOverTls) {

    public static final String LOOP_HEADER = "X-Sluice-Loop";
}
