package io.sluice.connectors.nats;

import io.nats.client.Connection;
import io.sluice.core.component.NotConnectedException;

/**
 * The connection of a NATS output, with what the output makes from it once per connection (the
 * JetStream context, say). It is opened by {@code connect()}, and again by the next write once the
 * client gave up on it (closed after its own reconnect attempts ran out).
 *
 * @param <T> what the output derives from a connection
 */
final class OutputConnection<T> {

    @FunctionalInterface
    interface Derive<T> {
        T from(Connection connection) throws Exception;
    }

    /** A connection and what was made from it, swapped in together so a writer never sees one without the other. */
    record Live<T>(Connection connection, T derived) {
    }

    private final NatsConnector connector;
    private final Derive<T> derive;
    private volatile Live<T> live;

    OutputConnection(NatsConnector connector, Derive<T> derive) {
        this.connector = connector;
        this.derive = derive;
    }

    /** Opens a connection unless the current one is still usable; true when it opened one. */
    synchronized boolean connect() throws Exception {
        if (usable(live)) return false;
        Connection fresh = connector.connect(null);
        live = new Live<>(fresh, derive.from(fresh));
        return true;
    }

    /** The usable connection, opened now if it was closed; a failure to open means the engine should reconnect. */
    Live<T> get() throws NotConnectedException {
        Live<T> l = live;
        if (usable(l)) return l;
        try {
            connect();
            return live;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotConnectedException("interrupted while connecting");
        } catch (Exception e) {
            throw new NotConnectedException(e.getMessage(), e);
        }
    }

    /** The current connection as it is (maybe reconnecting or closed); null when none was opened. */
    Connection current() {
        Live<T> l = live;
        return l == null ? null : l.connection();
    }

    /** Forgets the connection and closes it. */
    synchronized void close() {
        Connection c = current();
        live = null;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean usable(Live<?> l) {
        return l != null && l.connection().getStatus() != Connection.Status.CLOSED;
    }
}
