package io.sluice.gateway.cluster;

import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;

/**
 * A singleton stream's input as the engine sees it on a cluster node: {@link #connect} waits until this node holds
 * the stream's lease, then connects the real input; {@link #read} reads it only while the lease is held (a lost lease
 * looks like a lost connection: the engine connects again, which waits for the lease again).
 */
final class LeaseGatedInput implements Input {

    private final Input input;
    private final SingletonLease lease;
    private final ClusterNode node;

    LeaseGatedInput(Input input, SingletonLease lease, ClusterNode node) {
        this.input = input;
        this.lease = lease;
        this.node = node;
    }

    @Override
    public void connect() throws Exception {
        lease.want();
        lease.awaitHeld();
        input.connect();
    }

    @Override
    public Transaction read() throws Exception {
        if (!lease.held()) {
            throw new NotConnectedException("another gateway node runs stream " + lease.streamName() + " now (its lease moved)");
        }
        return input.read();
    }

    @Override
    public void close() throws Exception {
        node.release(lease);
        input.close();
    }
}
