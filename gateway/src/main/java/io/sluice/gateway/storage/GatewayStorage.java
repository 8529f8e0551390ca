package io.sluice.gateway.storage;

import io.sluice.gateway.apidef.SharedApiDefinitions;
import io.vertx.core.Future;

/** Everything the gateway keeps outside its API definitions: keys, policies, counters and the cluster channel. */
public interface GatewayStorage extends AutoCloseable {

    KeyStore keys();

    PolicyStore policies();

    LimitCounters counters();

    ClusterBus bus();

    /** Where API definitions are shared with the other nodes; null when there are none to share with (memory). */
    default SharedApiDefinitions sharedApis() {
        return null;
    }

    /** Completes when the storage answers; used by {@code /hello}. */
    Future<Void> ping();

    /** "memory" or "redis", as in the {@code storage.type} setting. */
    String type();

    @Override
    void close();
}
