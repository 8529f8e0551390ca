package io.sluice.connectors.redis;

import io.sluice.core.component.NotConnectedException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;

/**
 * One lazily opened Redis data connection of a component. {@link #get()} opens it on first use
 * (so outputs and processors connect lazily) and after {@link #drop()} (when a command found the
 * connection broken); a failure to open surfaces as {@link NotConnectedException} so the engine
 * backs off and retries.
 */
final class ConnectionSlot implements AutoCloseable {
    private final RedisConnector connector;
    private RedisConnector.Conn conn;
    private boolean closed;

    ConnectionSlot(RedisConnector connector) {
        this.connector = connector;
    }

    synchronized RedisConnector.Conn get() throws NotConnectedException {
        if (closed) throw new NotConnectedException("redis: component closed");
        if (conn != null && conn.isOpen()) return conn;
        if (conn != null) conn.close();
        conn = null;
        try {
            conn = connector.open();
            return conn;
        } catch (Exception e) {
            throw new NotConnectedException(e.getMessage(), e);
        }
    }

    /** Opens now; failures are thrown as they are (for {@code connect()}). */
    synchronized void open() throws Exception {
        if (conn != null && conn.isOpen()) return;
        if (conn != null) conn.close();
        conn = null;
        conn = connector.open();
    }

    synchronized boolean isOpen() {
        return conn != null && conn.isOpen();
    }

    synchronized void drop() {
        if (conn != null) conn.close();
        conn = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }

    /** Turns a command failure into "not connected" (engine reconnects) or a plain error naming the server's answer. */
    Exception classify(String what, Throwable e) {
        if (e instanceof ExecutionException && e.getCause() != null) e = e.getCause();
        if (RedisConnector.isConnectionProblem(e)) {
            drop();
            return new NotConnectedException("redis: connection lost during " + what + ": " + RedisConnector.chain(e), e);
        }
        return new IOException("redis: " + what + " failed: " + RedisConnector.chain(e), e);
    }
}
