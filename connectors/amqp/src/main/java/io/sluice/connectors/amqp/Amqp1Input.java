package io.sluice.connectors.amqp;

import java.util.ArrayList;
import io.sluice.core.tls.Tls;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Receives from a source address. Each delivery is one transaction: accepted when the output took
 * it, otherwise settled as modified (delivery failed), so the broker makes it available again and
 * counts the failed attempt. {@code credit} is the link credit window.
 */
final class Amqp1Input implements Input {
    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(Amqp1Connections.commonFields());
        fields.add(FieldSpec.string("source_address").example("orders", "queue:/orders", "topic:/audit").description("The address (queue or topic) to receive from."));
        fields.add(FieldSpec.bool("azure_renew_lock").defaultValue(false).advanced()
                .description("Azure Service Bus lock renewal. Not supported by Sluice: accepted, and a warning is logged when it is true."));
        fields.add(FieldSpec.bool("read_header").defaultValue(false).advanced()
                .description("Also copy the message header (durable, priority, ttl, first acquirer, delivery count) into `amqp_*` metadata."));
        fields.add(FieldSpec.integer("credit").defaultValue(64).min(1).advanced()
                .description("Link credit: how many unsettled messages the broker may send ahead. When they are all in flight, no more arrive until some are settled."));
        fields.add(FieldSpec.stringList("source_capabilities").optional().advanced().example(List.of("queue"))
                .description("Capabilities asked for on the receiving link, e.g. `queue` for brokers that need to know the address kind."));
        return ComponentSpec.input("amqp_1").categories("Services")
                .summary("Receives from a queue or topic of an AMQP 1.0 broker (ActiveMQ Artemis, Azure Service Bus, Qpid...).")
                .description("""
                        ### Metadata

                        amqp_content_type, amqp_content_encoding, amqp_creation_time, every message annotation whose value is \
                        a string, and every application property under its own key. With `read_header: true`, also amqp_durable, \
                        amqp_priority, amqp_ttl, amqp_first_acquirer and amqp_delivery_count.

                        A delivery is accepted once the output has taken it. When the output rejects it, it is settled as \
                        modified (delivery failed), so the broker delivers it again.""")
                .fields(fields.toArray(FieldSpec[]::new));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        List<Amqp1Connections.Target> targets = Amqp1Connections.targets(conf);
        int credit = conf.integer("credit");
        if (conf.bool("azure_renew_lock")) {
            ctx.log().warn("azure_renew_lock is not supported by Sluice; message locks will not be renewed");
        }
        Amqp1Connections conns = new Amqp1Connections(targets, Amqp1Connections.sasl(conf), Tls.from(conf), ctx.log());
        return new Amqp1Input(conns, conf.string("source_address"), credit, conf.bool("read_header"),
                conf.isSet("source_capabilities") ? conf.stringList("source_capabilities") : List.of(), ctx.log());
    }

    private final Amqp1Connections connections;
    private final String source;
    private final int credit;
    private final boolean readHeader;
    private final List<String> capabilities;
    private final ComponentLog log;

    private volatile Connection connection;
    private volatile Receiver receiver;
    private volatile boolean closed;

    Amqp1Input(Amqp1Connections connections, String source, int credit, boolean readHeader, List<String> capabilities, ComponentLog log) {
        this.connections = connections;
        this.source = source;
        this.credit = credit;
        this.readHeader = readHeader;
        this.capabilities = capabilities;
        this.log = log;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (closed) return;
        if (receiver != null) return;
        Connection c = connections.open();
        try {
            ReceiverOptions o = new ReceiverOptions().creditWindow(credit).autoAccept(false);
            if (!capabilities.isEmpty()) o.sourceOptions().capabilities(capabilities.toArray(String[]::new));
            Receiver r = c.openReceiver(source, o);
            r.openFuture().get(15, TimeUnit.SECONDS);
            connection = c;
            receiver = r;
            log.info("receiving from '{}' (credit {})", source, credit);
        } catch (Exception e) {
            Amqp1Connections.closeQuietly(c);
            throw new Exception("cannot receive from source_address '" + source + "': " + Amqp1Connections.describe(e), e);
        }
    }

    @Override
    public Transaction read() throws Exception {
        Receiver r = receiver;
        if (closed) throw new EndOfInputException();
        if (r == null) throw new NotConnectedException("not connected");
        Delivery d;
        try {
            d = r.receive();
        } catch (Exception e) {
            if (closed) throw new EndOfInputException();
            drop(r);
            log.warn("connection to the broker lost: {}", Amqp1Connections.describe(e));
            throw new NotConnectedException("connection lost: " + Amqp1Connections.describe(e), e);
        }
        if (d == null) {
            if (closed) throw new EndOfInputException();
            drop(r);
            throw new NotConnectedException("the receiver was closed");
        }
        Message<Object> m = d.message();
        Part p = new Part(body(m.body()));
        metadata(p, m, d);
        return new Transaction(Batch.of(p), err -> settle(d, err));
    }

    private void settle(Delivery d, Throwable err) {
        try {
            if (err == null) d.accept(); else d.modified(true, false);
        } catch (Exception e) {
            log.debug("cannot settle delivery: {}", e.getMessage()); // the link is gone: the broker redelivers
        }
    }

    private static byte[] body(Object body) {
        if (body == null) return new byte[0];
        if (body instanceof byte[] b) return b;
        if (body instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        return Structured.toJsonBytes(plain(body));
    }

    /** AMQP typed values (symbols, unsigned numbers, ...) as plain metadata values. */
    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof Number n) return n.longValue(); // UnsignedInteger, UnsignedLong, ...
        if (v instanceof Date date) return DateTimeFormatter.ISO_INSTANT.format(date.toInstant());
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(Amqp1Input::plain).toList();
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return v.toString();
    }

    private void metadata(Part p, Message<Object> m, Delivery d) throws Exception {
        setText(p, "amqp_content_type", m.contentType());
        setText(p, "amqp_content_encoding", m.contentEncoding());
        if (m.creationTime() != 0) setText(p, "amqp_creation_time", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(m.creationTime())));
        if (readHeader) {
            setText(p, "amqp_durable", String.valueOf(m.durable()));
            setText(p, "amqp_priority", String.valueOf(m.priority()));
            if (m.timeToLive() != 0) setText(p, "amqp_ttl", m.timeToLive() + "ms");
            setText(p, "amqp_first_acquirer", String.valueOf(m.firstAcquirer()));
            setText(p, "amqp_delivery_count", String.valueOf(m.deliveryCount()));
        }
        // String message annotations, as the dialect reads them (- becomes _ in keys).
        m.forEachAnnotation((k, v) -> {
            if (v instanceof String s) setText(p, k.replace('-', '_'), s);
        });
        // Application properties, keys as they are (Sluice: the output writes metadata back as properties).
        m.forEachProperty((k, v) -> {
            Object value = plain(v);
            if (value != null) p.setMeta(k, value);
        });
    }

    private static void setText(Part p, String key, String value) {
        if (value != null && !value.isEmpty()) p.setMeta(key, value);
    }

    private synchronized void drop(Receiver r) {
        if (receiver != r) return;
        receiver = null;
        Connection c = connection;
        connection = null;
        if (c != null) Amqp1Connections.closeQuietly(c);
    }

    /** Stops receiving; unsettled deliveries are released to other consumers when the link closes. */
    @Override
    public void close() {
        closed = true;
        Receiver r = receiver;
        if (r != null) {
            try {
                r.closeAsync();
            } catch (Exception ignored) {
                // closing
            }
        }
        Thread.ofVirtual().start(() -> {
            // Let in-flight transactions settle briefly, then drop the connection and the client.
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                // closing
            }
            synchronized (this) {
                Connection c = connection;
                connection = null;
                receiver = null;
                if (c != null) Amqp1Connections.closeQuietly(c);
            }
            connections.shutdown();
        });
    }
}
