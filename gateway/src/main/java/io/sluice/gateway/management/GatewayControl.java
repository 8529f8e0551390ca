package io.sluice.gateway.management;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.ApiRepository;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.observe.AnalyticsWriter;
import io.sluice.gateway.streamapi.StreamApis;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/** What the management API may ask of the running gateway. */
public interface GatewayControl {

    /** Re-reads the API definitions and swaps them in; {@code group} also tells the other nodes to. */
    Future<Void> reload(boolean group);

    /** Re-reads the policies from storage (after a change through the API) and tells the other nodes. */
    Future<Void> policiesChanged();

    ApiRepository apis();

    /** Where analytics records are written and read back ({@code /tyk/analytics}); null when {@code enable_analytics} is off. */
    default AnalyticsWriter analytics() {
        return null;
    }

    /** The streams of stream APIs, for {@code /tyk/streams}; null when streaming is disabled. */
    default StreamApis streamApis() {
        return null;
    }

    /** The nodes of the cluster this gateway belongs to, for {@code /tyk/cluster} (just this one without a cluster hub). */
    default Future<Map<String, Object>> cluster() {
        return Future.succeededFuture(Map.of("nodes", List.of()));
    }

    /**
     * Checks what the parser cannot: e.g. the streams of {@code x-tyk-streaming} against the component registry.
     * Blocking; call it on a virtual thread.
     */
    default void check(ApiDefinition api) throws InvalidApiDefinitionException {
    }
}
