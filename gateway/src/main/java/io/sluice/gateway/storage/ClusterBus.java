package io.sluice.gateway.storage;

import java.util.function.Consumer;

/** Broadcasts {@link ClusterMessage}s to the other nodes; a single node with memory storage has nobody to tell. */
public interface ClusterBus {

    void publish(ClusterMessage message);

    /** Receives messages published by other nodes (never this node's own). */
    void subscribe(Consumer<ClusterMessage> listener);

    /** Identifies this node in the messages it publishes. */
    String nodeId();
}
