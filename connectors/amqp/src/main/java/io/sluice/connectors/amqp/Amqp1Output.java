package io.sluice.connectors.amqp;

import java.util.ArrayList;
import io.sluice.core.tls.Tls;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.SharedConnectAttempt;
import io.sluice.core.component.ComponentContext;
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
    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(Amqp1Connections.commonFields());
        fields.add(FieldSpec.string("target_address").example("orders", "queue:/orders", "topic:/audit").description("The address (queue or topic) to send to."));
        fields.add(ConnectorFields.maxInFlight(64, "the broker's confirms"));
        fields.add(FieldSpec.bloblang("application_properties_map").optional().advanced()
                .description("A Bloblang mapping whose result (an object) becomes the message's application properties. Without it, the metadata kept by `metadata` is sent as application properties."));
        fields.add(ConnectorFields.metadataExclude("Metadata keys starting with any of these prefixes are not sent.")
                                .description("Which metadata is sent with each message, as message annotations."));
        fields.add(FieldSpec.bool("persistent").defaultValue(false).advanced()
                .description("Mark messages persistent, so that a durable queue keeps them across a broker restart."));
        fields.add(FieldSpec.stringList("target_capabilities").optional().advanced().example(List.of("queue"))
                .description("Capabilities asked for on the sending link, e.g. `queue`."));
        fields.add(FieldSpec.string("message_properties_to").optional().advanced().example("amqp://localhost:5672/")
                .description("The `to` property of each message: the address the message is meant for."));
        return ComponentSpec.output("amqp_1").categories("Services")
                .summary("Sends to a queue or topic of an AMQP 1.0 broker.")
                .description("""
                        ### Metadata

                        A write returns once the broker has accepted every message of the batch. Metadata is sent as string \
                        message annotations; `metadata.exclude_prefixes` leaves keys out.""")
                .fields(fields.toArray(FieldSpec[]::new));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        List<Amqp1Connections.Target> targets = Amqp1Connections.targets(conf);
        Mapping props = conf.isSet("application_properties_map") ? conf.mapping("application_properties_map") : null;
        Amqp1Connections conns = new Amqp1Connections(targets, Amqp1Connections.sasl(conf), Tls.from(conf), ctx.log());
        return new Amqp1Output(conns, conf.string("target_address") == null ? "" : conf.string("target_address"), props,
                conf.child("metadata").stringList("exclude_prefixes"), conf.bool("persistent"),
                conf.isSet("target_capabilities") ? conf.stringList("target_capabilities") : List.of(),
                conf.isSet("message_properties_to") ? conf.string("message_properties_to") : null,
                ConnectorFields.maxInFlight(conf), ctx.log());
    }

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
    private final SharedConnectAttempt connectAttempt = new SharedConnectAttempt();

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

    /** One attempt at a time; writers that waited for it share its outcome. */
    @Override
    public void connect() throws Exception {
        long asked = System.nanoTime();
        synchronized (this) {
            if (closed || sender != null) return;
            connectAttempt.run(asked, this::openSender);
        }
    }

    private void openSender() throws Exception {
        Connection c = null;
        try {
            c = connections.open();
            SenderOptions o = new SenderOptions();
            if (!capabilities.isEmpty()) o.targetOptions().capabilities(capabilities.toArray(String[]::new));
            Sender s = c.openSender(target, o);
            s.openFuture().get(15, TimeUnit.SECONDS);
            connection = c;
            sender = s;
            log.info("sending to '{}'", target);
        } catch (Exception e) {
            if (c != null) Amqp1Connections.closeQuietly(c);
            throw e.getMessage() != null && e.getMessage().startsWith("cannot connect") ? e
                    : new Exception("cannot send to target_address '" + target + "': " + Amqp1Connections.describe(e), e);
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
        List<Message<byte[]>> messages = new ArrayList<>(batch.size());
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
