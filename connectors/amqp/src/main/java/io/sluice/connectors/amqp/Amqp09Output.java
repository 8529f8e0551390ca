package io.sluice.connectors.amqp;

import io.sluice.core.spec.Durations;
import io.sluice.core.tls.Tls;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.SharedConnectAttempt;
import io.sluice.core.component.ComponentContext;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;

/**
 * Publishes to an exchange with publisher confirms: a write returns once the broker confirmed every
 * message of the batch. Each concurrent write (up to {@code max_in_flight}) uses its own channel
 * from a small pool, so confirms, and with {@code mandatory} the returns of unroutable messages,
 * belong unambiguously to the batch that caused them.
 */
final class Amqp09Output implements Output {
    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        return ComponentSpec.output("amqp_0_9").categories("Services")
                .summary("Publishes to an exchange of an AMQP 0.9.1 broker such as RabbitMQ.")
                .description("""
                        A write returns once the broker has confirmed every message of the batch (publisher confirms), so an \
                        acknowledged message is on the broker. Metadata goes out as headers, with `_` in keys written as `-`.

                        `exchange`, `key`, `type` and the message properties are interpolated per message. With \
                        `exchange_declare.enabled`, the exchange is declared before the first publish to it; a mismatch with an \
                        existing exchange fails the write. An `amqps://` URL switches TLS on by itself.""")
                .fields(
                        Amqp09Connections.urlsField(),
                        FieldSpec.string("exchange").interpolated().description("The exchange to publish to. The empty name is the default exchange, which routes by queue name."),
                        FieldSpec.object("exchange_declare",
                                        FieldSpec.bool("enabled").defaultValue(false).description("Declare the exchange before publishing to it."),
                                        FieldSpec.string("type").defaultValue("direct").options("direct", "fanout", "topic", "headers", "x-custom")
                                                .description("The exchange type to declare."),
                                        FieldSpec.bool("durable").defaultValue(true).description("Declare the exchange durable, so that it survives a broker restart."),
                                        FieldSpec.stringMap("arguments").optional().advanced().example(Map.of("alternate-exchange", "unrouted"))
                                                .description("Extra exchange arguments. Values that read as integers are sent as numbers."))
                                .advanced().optional().description("Declares the exchange: created if missing, refused by the broker if it exists with other settings."),
                        FieldSpec.string("key").interpolated().defaultValue("").description("The routing key of each message."),
                        FieldSpec.string("type").interpolated().defaultValue("").description("The `type` property of each message."),
                        FieldSpec.string("content_type").interpolated().defaultValue("application/octet-stream").advanced()
                                .description("The `content_type` property of each message."),
                        FieldSpec.string("content_encoding").interpolated().defaultValue("").advanced()
                                .description("The `content_encoding` property of each message."),
                        FieldSpec.string("correlation_id").interpolated().defaultValue("").advanced().description("The `correlation_id` property of each message."),
                        FieldSpec.string("reply_to").interpolated().defaultValue("").advanced().description("The `reply_to` property: the queue a reply should go to."),
                        FieldSpec.string("expiration").interpolated().defaultValue("").advanced().description("The `expiration` property: the message's time to live on the broker, in milliseconds."),
                        FieldSpec.string("message_id").interpolated().defaultValue("").advanced().description("The `message_id` property of each message."),
                        FieldSpec.string("user_id").interpolated().defaultValue("").advanced()
                                .description("The `user_id` property. RabbitMQ refuses a message whose user_id is not the user of the connection."),
                        FieldSpec.string("app_id").interpolated().defaultValue("").advanced().description("The `app_id` property of each message."),
                        ConnectorFields.metadataExclude("Metadata keys starting with any of these prefixes are not sent.")
                                .description("Which metadata is sent with each message, as headers."),
                        FieldSpec.string("priority").interpolated().defaultValue("").advanced().example("5", "${! meta(\"amqp_priority\") }")
                                .description("The `priority` property, 0 to 9. Empty sends none."),
                        ConnectorFields.maxInFlight(64, "the broker's confirms"),
                        FieldSpec.bool("persistent").defaultValue(false).advanced()
                                .description("Mark messages persistent, so that a durable queue keeps them across a broker restart."),
                        FieldSpec.bool("mandatory").defaultValue(false).advanced()
                                .description("Set the mandatory flag: a message that no queue receives comes back from the broker and the write fails, instead of vanishing."),
                        FieldSpec.bool("immediate").defaultValue(false).advanced()
                                .description("Set the immediate flag: drop a message when no consumer is ready for it. RabbitMQ does not support it."),
                        FieldSpec.string("timeout").defaultValue("").advanced().example("10s")
                                .description("How long a write waits for publisher confirms before it fails and the batch is retried. Empty waits without limit."),
                        ConnectorFields.tls());
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        List<String> urls = Amqp09Connections.urls(conf, "urls");
        Amqp09Output.Fields fields = new Amqp09Output.Fields(conf.interpolation("exchange"), conf.interpolation("key"),
                conf.interpolation("type"), conf.interpolation("content_type"), conf.interpolation("content_encoding"),
                conf.interpolation("correlation_id"), conf.interpolation("reply_to"), conf.interpolation("expiration"),
                conf.interpolation("message_id"), conf.interpolation("user_id"), conf.interpolation("app_id"), conf.interpolation("priority"));
        Conf ed = conf.child("exchange_declare");
        Amqp09Output.ExchangeDeclare declare = new Amqp09Output.ExchangeDeclare(ed.bool("enabled"), ed.string("type"), ed.bool("durable"),
                Amqp09Connections.arguments(ed, "arguments"));
        Duration timeout = Duration.ZERO;
        String t = conf.string("timeout");
        if (t != null && !t.isBlank()) {
            try {
                timeout = Durations.parse(t);
            } catch (IllegalArgumentException e) {
                throw conf.invalid("timeout", e.getMessage());
            }
        }
        Interpolation priority = fields.priority();
        if (priority.isStatic() && !priority.render(new Batch(), 0).isBlank()) {
            String p = priority.render(new Batch(), 0).trim();
            if (!p.matches("[0-9]")) throw conf.invalid("priority", "priority must be between 0 and 9, got '" + p + "'");
        }
        Amqp09Connections conns = new Amqp09Connections(urls, Tls.from(conf), "sluice " + ctx.streamName() + " " + ctx.path(), ctx.log());
        return new Amqp09Output(conns, fields, declare, conf.child("metadata").stringList("exclude_prefixes"), conf.bool("persistent"),
                conf.bool("mandatory"), conf.bool("immediate"), timeout, ConnectorFields.maxInFlight(conf), ctx.log());
    }


    /** The interpolated per-message fields. */
    record Fields(Interpolation exchange, Interpolation key, Interpolation type, Interpolation contentType,
                  Interpolation contentEncoding, Interpolation correlationId, Interpolation replyTo, Interpolation expiration,
                  Interpolation messageId, Interpolation userId, Interpolation appId, Interpolation priority) {
    }

    record ExchangeDeclare(boolean enabled, String type, boolean durable, Map<String, Object> arguments) {
    }

    private static final class Pooled {
        final Channel channel;
        volatile String returned; // set by the return listener for the batch in progress

        Pooled(Channel channel) {
            this.channel = channel;
        }
    }

    private final Amqp09Connections connections;
    private final Fields f;
    private final ExchangeDeclare declare;
    private final List<String> excludePrefixes;
    private final boolean persistent;
    private final boolean mandatory;
    private final boolean immediate;
    private final Duration timeout; // zero: wait for confirms indefinitely
    private final int maxInFlight;
    private final ComponentLog log;

    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Pooled> idle = new LinkedBlockingQueue<>();
    private volatile Connection connection;
    private volatile boolean closed;
    private final SharedConnectAttempt connectAttempt = new SharedConnectAttempt();

    Amqp09Output(Amqp09Connections connections, Fields fields, ExchangeDeclare declare, List<String> excludePrefixes, boolean persistent,
                 boolean mandatory, boolean immediate, Duration timeout, int maxInFlight, ComponentLog log) {
        this.connections = connections;
        this.f = fields;
        this.declare = declare;
        this.excludePrefixes = excludePrefixes;
        this.persistent = persistent;
        this.mandatory = mandatory;
        this.immediate = immediate;
        this.timeout = timeout;
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
            if (closed) return;
            Connection c = connection;
            if (c != null && c.isOpen()) return;
            connectAttempt.run(asked, () -> {
                disconnect();
                Connection opened = connections.open();
                opened.addShutdownListener(sig -> {
                    if (!sig.isInitiatedByApplication()) log.warn("connection to the broker lost: {}", Amqp09Connections.brokerReply(sig));
                });
                connection = opened;
            });
        }
        if (f.exchange().isStatic() && declare.enabled()) {
            Pooled p = null;
            try {
                p = borrow();
                declareExchange(p.channel, f.exchange().render(new Batch(), 0));
                release(p);
            } catch (Exception e) {
                log.error("failed to declare exchange: {}", e.getMessage());
                discard(p);
            }
        }
    }

    private Pooled borrow() throws Exception {
        Connection c = connection;
        if (c == null || !c.isOpen()) throw new NotConnectedException("not connected");
        Pooled p;
        while ((p = idle.poll()) != null) {
            if (p.channel.isOpen() && p.channel.getConnection() == c) return p;
        }
        Channel ch;
        try {
            ch = c.createChannel();
            ch.confirmSelect();
        } catch (ShutdownSignalException | IOException e) {
            dropIfCurrent(c);
            throw new NotConnectedException("connection to the broker lost: " + Amqp09Connections.describe(e), e);
        }
        Pooled fresh = new Pooled(ch);
        ch.addReturnListener(r -> fresh.returned = r.getReplyCode() + " " + r.getReplyText()
                + " (exchange '" + r.getExchange() + "', key '" + r.getRoutingKey() + "')");
        return fresh;
    }

    private void release(Pooled p) {
        if (p != null && p.channel.isOpen()) idle.add(p);
    }

    private void discard(Pooled p) {
        if (p == null) return;
        try {
            if (p.channel.isOpen()) p.channel.close();
        } catch (Exception ignored) {
            // already closing
        }
    }

    private void declareExchange(Channel ch, String exchange) throws Exception {
        if (!declare.enabled() || exchange.isEmpty() || declared.contains(exchange)) return;
        try {
            ch.exchangeDeclare(exchange, declare.type(), declare.durable(), false, false, declare.arguments());
        } catch (IOException e) {
            throw new Exception("declaring exchange '" + exchange + "' (exchange_declare) failed: " + Amqp09Connections.describe(e), e);
        }
        declared.add(exchange);
    }

    /** The broker answered this batch (negative confirm or a mandatory return): the batch fails, the connection is fine. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public void write(Batch batch) throws Exception {
        Pooled p = borrow();
        Connection used = p.channel.getConnection();
        boolean reusable = false;
        try {
            p.returned = null;
            for (int i = 0; i < batch.size(); i++) publish(p.channel, batch, i);
            boolean confirmed = timeout.isZero() ? p.channel.waitForConfirms() : p.channel.waitForConfirms(timeout.toMillis());
            reusable = true;
            if (!confirmed) throw new Refused("the broker refused the message(s) (negative publisher confirm)");
            if (p.returned != null) throw new Refused("the broker returned an unroutable message: " + p.returned + " (mandatory is set)");
        } catch (TimeoutException e) {
            throw new TimeoutException("no publisher confirm within timeout (" + timeout.toMillis() + "ms)");
        } catch (ShutdownSignalException | IOException e) {
            ShutdownSignalException sig = signal(e);
            if (sig != null && !sig.isHardError()) {
                // The broker closed just this channel because of what we sent (e.g. NOT_FOUND exchange).
                throw new IOException("publish failed: " + Amqp09Connections.describe(e), e);
            }
            // A socket error or a connection-level close: the batch is not at fault. Reconnect and resend;
            // the client may not have noticed yet, so drop the connection ourselves.
            dropIfCurrent(used);
            throw new NotConnectedException("connection to the broker lost while publishing: " + Amqp09Connections.describe(e), e);
        } finally {
            if (reusable) release(p); else discard(p);
        }
    }

    private static ShutdownSignalException signal(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) if (c instanceof ShutdownSignalException s) return s;
        return null;
    }

    private synchronized void dropIfCurrent(Connection used) {
        if (connection == used) disconnect();
    }

    private void publish(Channel ch, Batch batch, int i) throws Exception {
        String exchange = f.exchange().render(batch, i);
        declareExchange(ch, exchange);
        String key = f.key().render(batch, i);
        String type = f.type().render(batch, i);
        if ("topic".equals(declare.type()) && declare.enabled()) {
            key = key.replace('/', '.');
            type = type.replace('/', '.');
        }
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                .deliveryMode(persistent ? 2 : 1)
                .headers(headers(batch.get(i)));
        String contentType = f.contentType().render(batch, i);
        if (!contentType.isEmpty()) props.contentType(contentType);
        String contentEncoding = f.contentEncoding().render(batch, i);
        if (!contentEncoding.isEmpty()) props.contentEncoding(contentEncoding);
        if (!type.isEmpty()) props.type(type);
        String v;
        if (!(v = f.correlationId().render(batch, i)).isEmpty()) props.correlationId(v);
        if (!(v = f.replyTo().render(batch, i)).isEmpty()) props.replyTo(v);
        if (!(v = f.expiration().render(batch, i)).isEmpty()) props.expiration(v);
        if (!(v = f.messageId().render(batch, i)).isEmpty()) props.messageId(v);
        if (!(v = f.userId().render(batch, i)).isEmpty()) props.userId(v);
        if (!(v = f.appId().render(batch, i)).isEmpty()) props.appId(v);
        String priority = f.priority().render(batch, i).trim();
        if (!priority.isEmpty()) {
            int pr;
            try {
                pr = Integer.parseInt(priority);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("priority must be an integer, got '" + priority + "'");
            }
            if (pr < 0 || pr > 9) throw new IllegalArgumentException("priority must be between 0 and 9, got " + pr);
            props.priority(pr);
        }
        ch.basicPublish(exchange, key, mandatory, immediate, props.build(), batch.get(i).bytes());
    }

    /** Metadata not excluded by prefix, as headers; the dialect writes - for _ in header names. */
    private Map<String, Object> headers(Part p) {
        Map<String, Object> h = new HashMap<>();
        outer:
        for (Map.Entry<String, Object> e : p.metadata().entrySet()) {
            for (String prefix : excludePrefixes) if (e.getKey().startsWith(prefix)) continue outer;
            Object v = e.getValue();
            Object value = v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Boolean || v instanceof Double
                    ? v : Structured.toText(v);
            h.put(e.getKey().replace('_', '-'), value);
        }
        return h;
    }

    private void disconnect() {
        Pooled p;
        while ((p = idle.poll()) != null) discard(p);
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                if (c.isOpen()) c.close(2_000);
            } catch (Exception ignored) {
                // going away
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }
}
