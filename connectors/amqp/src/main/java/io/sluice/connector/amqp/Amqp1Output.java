package io.sluice.connector.amqp;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.apache.qpid.protonj2.client.Accepted;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.DeliveryState;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Rejected;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.Tracker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends to a target address as unsettled deliveries and returns once the broker accepted every
 * message of the batch; a rejected, released or modified outcome fails the batch.
 *
 * <p>Metadata (minus {@code metadata.exclude_prefixes}) travels as message annotations, as in the
 * original dialect. Application properties come from {@code application_properties_map} when set;
 * otherwise the same metadata is also written as application properties, which the input reads back
 * (a Sluice addition so that metadata survives an AMQP 1.0 hop).
 */
final class Amqp1Output implements Output {
    private final Amqp1Connections connections;
    private final String target;
    private final Mapping applicationProperties; // null: metadata
    private final List<String> excludePrefixes;
    private final boolean persistent;
    private final List<String> capabilities;
    private final String to; // message properties "to", or null
    private final int maxInFlight;
    private final ComponentLog log;

    private volatile Connection connection;
    private volatile Sender sender;
    private volatile boolean closed;
    private Failure lastFailure;

    private record Failure(long at, Exception error) {
    }

    Amqp1Output(Amqp1Connections connections, String target, Mapping applicationProperties, List<String> excludePrefixes,
                boolean persistent, List<String> capabilities, String to, int maxInFlight, ComponentLog log) {
        this.connections = connections;
        this.target = target;
        this.applicationProperties = applicationProperties;
        this.excludePrefixes = excludePrefixes;
        this.persistent = persistent;
        this.capabilities = capabilities;
        this.to = to;
        this.maxInFlight = maxInFlight;
        this.log = log;
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void connect() throws Exception {
        long entered = System.nanoTime();
        synchronized (this) {
            if (closed || sender != null) return;
            Failure last = lastFailure;
            if (last != null && last.at() - entered > 0) throw last.error();
            Connection c = null;
            try {
                c = connections.open();
                SenderOptions o = new SenderOptions();
                if (!capabilities.isEmpty()) o.targetOptions().capabilities(capabilities.toArray(String[]::new));
                Sender s = c.openSender(target, o);
                s.openFuture().get(15, TimeUnit.SECONDS);
                connection = c;
                sender = s;
                lastFailure = null;
                log.info("sending to '{}'", target);
            } catch (Exception e) {
                if (c != null) Amqp1Connections.closeQuietly(c);
                Exception err = e.getMessage() != null && e.getMessage().startsWith("cannot connect") ? e
                        : new Exception("cannot send to target_address '" + target + "': " + Amqp1Connections.describe(e), e);
                lastFailure = new Failure(System.nanoTime(), err);
                throw err;
            }
        }
    }

    /** The broker settled a message with an outcome other than accepted. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public void write(Batch batch) throws Exception {
        Sender s = sender;
        if (s == null) throw new NotConnectedException("not connected");
        // Built first, so a failing application_properties_map fails the batch rather than the connection.
        List<Message<byte[]>> messages = new java.util.ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) messages.add(message(batch, i));
        Tracker[] trackers = new Tracker[batch.size()];
        try {
            for (int i = 0; i < batch.size(); i++) trackers[i] = s.send(messages.get(i));
            for (Tracker t : trackers) {
                t.awaitSettlement();
                DeliveryState state = t.remoteState();
                if (state instanceof Accepted) continue;
                if (state instanceof Rejected r) {
                    throw new Refused("the broker rejected the message: " + r.getCondition()
                            + (r.getDescription() != null ? " (" + r.getDescription() + ")" : ""));
                }
                throw new Refused("the broker did not accept the message (outcome " + (state == null ? "none" : state.getType()) + ")");
            }
        } catch (Refused | IllegalArgumentException e) {
            throw e; // the broker's answer or a bad mapping result: the batch fails
        } catch (Exception e) {
            // Not an outcome from the broker: the link or the connection failed. Reconnect and resend.
            drop(s);
            throw new NotConnectedException("connection lost while sending: " + Amqp1Connections.describe(e), e);
        }
    }

    private Message<byte[]> message(Batch batch, int i) throws Exception {
        Part p = batch.get(i);
        Message<byte[]> m = Message.create(p.bytes());
        for (Map.Entry<String, Object> e : p.metadata().entrySet()) {
            if (excluded(e.getKey())) continue;
            Object v = amqpValue(e.getValue());
            m.annotation(e.getKey(), v);
            if (applicationProperties == null) m.property(e.getKey(), v);
        }
        if (applicationProperties != null) {
            Object mapped = applicationProperties.query(batch, i);
            if (mapped != null) {
                if (!(mapped instanceof Map<?, ?> props)) {
                    throw new IllegalArgumentException("application_properties_map resulted in a non-object mapping: " + mapped.getClass().getSimpleName());
                }
                for (Map.Entry<?, ?> e : props.entrySet()) m.property(String.valueOf(e.getKey()), amqpValue(e.getValue()));
            }
        }
        if (persistent) m.durable(true);
        if (to != null && !to.isEmpty()) m.to(to);
        return m;
    }

    private boolean excluded(String key) {
        for (String prefix : excludePrefixes) if (key.startsWith(prefix)) return true;
        return false;
    }

    private static Object amqpValue(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Double || v instanceof Integer) return v;
        return Structured.toText(v);
    }

    private synchronized void drop(Sender s) {
        if (sender != s) return;
        sender = null;
        Connection c = connection;
        connection = null;
        if (c != null) Amqp1Connections.closeQuietly(c);
    }

    @Override
    public void close() {
        Sender s;
        synchronized (this) {
            closed = true;
            s = sender;
        }
        if (s != null) drop(s);
        connections.shutdown();
    }
}
