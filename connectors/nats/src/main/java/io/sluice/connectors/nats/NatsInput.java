package io.sluice.connectors.nats;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.ReplayingInput;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nats} input: a core NATS subscription (optionally in a queue group). Core NATS has no
 * redelivery, so a batch that the output rejects is replayed from memory ({@code auto_replay_nacks},
 * by the {@link ReplayingInput} in front of it),
 * and a message that carries a reply subject is answered {@code +ACK} / {@code -NAK} after the
 * output's verdict ({@code send_ack}).
 */
final class NatsInput implements Input {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(NatsConnector.headFields());
        fields.add(FieldSpec.string("subject").description("The subject to subscribe to. `*` matches one token, `>` (last) one or more tokens.")
                .example("orders.created", "orders.*.eu", "telemetry.>"));
        fields.add(FieldSpec.string("queue").optional().description("A queue group: the server hands each message to one member of the group, so several copies of the stream share the work."));
        fields.add(ConnectorFields.autoReplayNacks("Deliver a message the output rejected again, from memory, until it is accepted. False: a rejected message is dropped. "
                        + "Core NATS keeps nothing, so a message in flight when the process stops is lost either way."));
        fields.add(FieldSpec.bool("send_ack").defaultValue(true)
                .description("Answer a message that has a reply subject with `+ACK` once the output has taken it (`-NAK` when it was rejected)."));
        fields.add(FieldSpec.duration("nak_delay").optional().advanced()
                .description("Ask for redelivery after this delay in the `-NAK` reply. Unset: at once.").example("1m"));
        fields.add(FieldSpec.integer("prefetch_count").defaultValue(524288).min(0, "must be zero or more").advanced()
                .description("How many messages the client may buffer before the server treats it as a slow consumer and drops messages for it. 0: the client library's default."));
        fields.addAll(NatsConnector.tailFields());
        fields.add(FieldSpec.bloblang("extract_tracing_map").optional().advanced()
                .description("Accepted for compatibility and not used yet: a mapping that would read trace context from a message."));
        return ComponentSpec.input("nats")
                .summary("Subscribes to a core NATS subject.")
                .description("""
                        ### Metadata

                        - nats_subject
                        - nats_reply_subject
                        - every header of the message, when the server supports headers

                        """ + NatsConnector.connectionDocs())
                .categories("Services")
                .fields(fields.toArray(new FieldSpec[0]));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        return ConnectorFields.autoReplayNacks(conf, new NatsInput(conf, ctx));
    }

    private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);

    private final ComponentContext ctx;
    private final NatsConnector connector;
    private final String subject;
    private final String queue;
    private final boolean sendAck;
    private final Duration nakDelay;
    private final int prefetch;

    private volatile Connection conn;
    private volatile Subscription sub;
    private volatile boolean closed;

    NatsInput(Conf conf, ComponentContext ctx) throws Exception {
        this.ctx = ctx;
        this.connector = new NatsConnector(conf, ctx);
        this.subject = conf.string("subject");
        String q = conf.string("queue");
        this.queue = q == null || q.isEmpty() ? null : q;
        this.sendAck = conf.bool("send_ack");
        this.nakDelay = conf.isSet("nak_delay") ? conf.duration("nak_delay") : null;
        this.prefetch = conf.integer("prefetch_count");
    }

    @Override
    public synchronized void connect() throws Exception {
        if (conn != null && conn.getStatus() != Connection.Status.CLOSED && sub != null && sub.isActive()) return;
        disconnect();
        Connection c = connector.connect(null);
        try {
            Subscription s = queue == null ? c.subscribe(subject) : c.subscribe(subject, queue);
            if (prefetch > 0) s.setPendingLimits(prefetch, -1);
            c.flush(Duration.ofSeconds(5));
            ctx.log().info("receiving nats messages from subject {}{}", subject, queue == null ? "" : " in queue group " + queue);
            this.conn = c;
            this.sub = s;
        } catch (Exception e) {
            c.close();
            throw new IOException("nats: cannot subscribe to subject '" + subject + "' (field 'subject'): " + e.getMessage(), e);
        }
    }

    private synchronized void disconnect() {
        Connection c = conn;
        conn = null;
        sub = null;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next message, or null when none came within a short poll (so a rejected one can be replayed meanwhile). */
    @Override
    public Transaction read() throws Exception {
        Subscription s = sub;
        Connection c = conn;
        if (closed) throw new InterruptedException("closed");
        if (s == null || c == null) throw new NotConnectedException("nats: not connected");
        Message m;
        try {
            m = s.nextMessage(Duration.ofMillis(250));
        } catch (IllegalStateException e) {
            if (closed) throw new InterruptedException("closed");
            disconnect();
            throw new NotConnectedException("nats: subscription is no longer active: " + e.getMessage());
        }
        if (m != null) return toTransaction(m);
        if (c.getStatus() == Connection.Status.CLOSED) {
            if (closed) throw new InterruptedException("closed");
            disconnect();
            throw new NotConnectedException("nats: connection closed after reconnect attempts ran out");
        }
        return null;
    }

    private Transaction toTransaction(Message m) {
        // Metadata made on first use: a stream that never reads it costs no map per message.
        Part p = Part.withLazyMetadata(m.getData() == null ? new byte[0] : m.getData(), md -> {
            md.put("nats_subject", m.getSubject());
            if (m.getReplyTo() != null) md.put("nats_reply_subject", m.getReplyTo());
            copyHeaders(m.getHeaders(), md);
        });
        return new Transaction(Batch.of(p), err -> settle(m, err));
    }

    static void copyHeaders(Headers h, Map<String, Object> md) {
        if (h == null || h.isEmpty()) return;
        for (String k : h.keySet()) {
            String v = h.getFirst(k);
            if (v != null && !v.isEmpty()) md.put(k, v);
        }
    }

    /** The final verdict: replays happen in front of this input, so a rejection here is given up (or the input closed). */
    private void settle(Message m, Throwable err) {
        Connection c = conn;
        String reply = m.getReplyTo();
        if (err == null) {
            if (sendAck && reply != null && c != null) publishQuietly(c, reply, ACK);
            return;
        }
        if (reply != null && c != null) {
            String nak = nakDelay == null ? "-NAK" : "-NAK {\"delay\":" + nakDelay.toNanos() + "}";
            publishQuietly(c, reply, nak.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void publishQuietly(Connection c, String subject, byte[] body) {
        try {
            c.publish(subject, body);
        } catch (Exception e) {
            ctx.log().warn("nats: failed to answer message on {}: {}", subject, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Subscription s = sub;
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (Exception ignored) {
                // the connection may already be gone
            }
        }
        disconnect();
    }
}
