package io.sluice.connectors.amqp;

import java.util.ArrayList;
import io.sluice.core.tls.Tls;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.component.ComponentContext;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.ShutdownSignalException;
import io.sluice.core.regex.Regex;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes a queue. Each delivery is one transaction: acked on success, nacked with requeue on
 * failure, or nacked without requeue (dropped or dead-lettered) when the error matches one of
 * {@code nack_reject_patterns}. With {@code auto_ack} the broker forgets messages on delivery.
 * {@code prefetch_count} bounds how many unacknowledged deliveries the broker hands out.
 */
final class Amqp09Input implements Input {
    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        return ComponentSpec.input("amqp_0_9").categories("Services")
                .summary("Consumes a queue of an AMQP 0.9.1 broker such as RabbitMQ.")
                .description("""
                        Each message is acknowledged once the output has taken it. A message the output rejects is nacked and goes \
                        back to the queue, unless its error matches `nack_reject_patterns`: then it is rejected without requeue, and \
                        the broker drops it or routes it to the queue's dead-letter exchange.

                        An `amqps://` URL switches TLS on by itself; the `tls` object is only needed for custom certificates.

                        ### Metadata

                        amqp_content_type, amqp_content_encoding, amqp_delivery_mode, amqp_priority, amqp_correlation_id, \
                        amqp_reply_to, amqp_expiration, amqp_message_id, amqp_timestamp, amqp_type, amqp_user_id, amqp_app_id, \
                        amqp_consumer_tag, amqp_delivery_tag, amqp_redelivered, amqp_exchange, amqp_routing_key, and every header \
                        of the message. A nested header's key is prefixed with its parent's key, and `-` in keys becomes `_`.""")
                .fields(
                        Amqp09Connections.urlsField(),
                        FieldSpec.string("queue").description("The queue to consume."),
                        FieldSpec.object("queue_declare",
                                        FieldSpec.bool("enabled").defaultValue(false).description("Declare the queue when connecting."),
                                        FieldSpec.bool("durable").defaultValue(true).description("Declare the queue durable, so that it survives a broker restart."),
                                        FieldSpec.bool("auto_delete").defaultValue(false).description("Declare the queue auto-delete: the broker removes it when its last consumer leaves."),
                                        FieldSpec.stringMap("arguments").optional().advanced()
                                                .description("Extra queue arguments, e.g. `x-queue-type: quorum`. Values that read as integers are sent as numbers."))
                                .advanced().optional()
                                .description("Declares `queue` on each connect: the broker creates it if missing. If it exists with other settings (durable, auto-delete, arguments), the broker refuses and the connection attempt fails."),
                        FieldSpec.objectList("bindings_declare",
                                        FieldSpec.string("exchange").defaultValue("").description("The exchange to bind the queue to."),
                                        FieldSpec.string("key").defaultValue("").description("The routing key of the binding."))
                                .advanced().optional().example(List.of(Map.of("exchange", "orders", "key", "order.created")))
                                .description("Bindings of `queue` to exchanges, made on each connect. The exchanges must already exist."),
                        FieldSpec.string("consumer_tag").defaultValue("").description("The consumer tag to register with; empty lets the broker pick one."),
                        FieldSpec.bool("auto_ack").defaultValue(false).advanced()
                                .description("Let the broker consider each message delivered as soon as it is sent to Sluice. Faster, but a message is lost if the stream fails before the output has it."),
                        FieldSpec.stringList("nack_reject_patterns").defaultValue(List.of()).regex().advanced().example(List.of("^schema error:.*"))
                                .description("Regular expressions tested against the error of a message the output rejected. On a match the message is rejected without requeue (dead-lettered if the queue has a dead-letter exchange); otherwise, as by default, it is requeued."),
                        FieldSpec.integer("prefetch_count").defaultValue(10).range(0, 65535).description("How many unacknowledged messages the broker sends ahead (basic.qos prefetch count); 0 means no limit."),
                        FieldSpec.integer("prefetch_size").defaultValue(0).advanced()
                                .description("The same limit in bytes; 0 means no limit."),
                        ConnectorFields.tls());
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        List<String> urls = Amqp09Connections.urls(conf, "urls");
        Conf qd = conf.child("queue_declare");
        Amqp09Input.QueueDeclare declare = new Amqp09Input.QueueDeclare(qd.bool("enabled"), qd.bool("durable"), qd.bool("auto_delete"),
                Amqp09Connections.arguments(qd, "arguments"));
        List<Amqp09Input.Binding> bindings = new ArrayList<>();
        for (Conf b : conf.list("bindings_declare")) bindings.add(new Amqp09Input.Binding(b.string("exchange"), b.string("key")));
        List<Regex> patterns = new ArrayList<>();
        for (String p : conf.stringList("nack_reject_patterns")) patterns.add(Regex.compile(p)); // checked by the spec's regex() rule
        int prefetchCount = conf.integer("prefetch_count");
        Amqp09Connections conns = new Amqp09Connections(urls, Tls.from(conf), "sluice " + ctx.streamName() + " " + ctx.path(), ctx.log());
        return new Amqp09Input(conns, conf.string("queue"), declare, bindings, conf.string("consumer_tag"), conf.bool("auto_ack"),
                patterns, prefetchCount, conf.integer("prefetch_size"), ctx.log());
    }

    private static final Object CLOSED = new Object();
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    record QueueDeclare(boolean enabled, boolean durable, boolean autoDelete, Map<String, Object> arguments) {
    }

    record Binding(String exchange, String key) {
    }

    private record Delivery(Channel channel, String consumerTag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    }

    private record Lost(Channel channel, String why) {
    }

    private final Amqp09Connections connections;
    private final String queue;
    private final QueueDeclare declare;
    private final List<Binding> bindings;
    private final String consumerTag;
    private final boolean autoAck;
    private final List<Regex> rejectPatterns;
    private final int prefetchCount;
    private final int prefetchSize;
    private final ComponentLog log;

    private final LinkedBlockingDeque<Object> events = new LinkedBlockingDeque<>();
    private Connection connection;
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile String activeTag;
    private final AtomicInteger outstanding = new AtomicInteger();

    Amqp09Input(Amqp09Connections connections, String queue, QueueDeclare declare, List<Binding> bindings, String consumerTag,
                boolean autoAck, List<Regex> rejectPatterns, int prefetchCount, int prefetchSize, ComponentLog log) {
        this.connections = connections;
        this.queue = queue;
        this.declare = declare;
        this.bindings = bindings;
        this.consumerTag = consumerTag;
        this.autoAck = autoAck;
        this.rejectPatterns = rejectPatterns;
        this.prefetchCount = prefetchCount;
        this.prefetchSize = prefetchSize;
        this.log = log;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (closed) return;
        if (channel != null && channel.isOpen()) return;
        disconnect();
        Connection conn = connections.open();
        try {
            Channel ch = conn.createChannel();
            step("declaring queue '" + queue + "' (queue_declare)", () -> {
                if (declare.enabled()) ch.queueDeclare(queue, declare.durable(), false, declare.autoDelete(), declare.arguments());
            });
            for (Binding b : bindings) {
                step("binding queue '" + queue + "' to exchange '" + b.exchange() + "' with key '" + b.key() + "' (bindings_declare)",
                        () -> ch.queueBind(queue, b.exchange(), b.key()));
            }
            step("setting prefetch_count/prefetch_size", () -> ch.basicQos(prefetchSize, prefetchCount, false));
            step("consuming from queue '" + queue + "' (queue)",
                    () -> activeTag = ch.basicConsume(queue, autoAck, consumerTag, false, false, null, new Consumer(ch)));
            connection = conn;
            channel = ch;
            log.info("consuming from queue '{}' (prefetch_count {})", queue, prefetchCount);
        } catch (Exception e) {
            closeQuietly(conn);
            throw e;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, Step s) throws Exception {
        try {
            s.run();
        } catch (Exception e) {
            throw new Exception(what + " failed: " + Amqp09Connections.describe(e), e);
        }
    }

    private final class Consumer extends DefaultConsumer {
        Consumer(Channel ch) {
            super(ch);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            events.add(new Delivery(getChannel(), tag, envelope, props, body));
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
            if (!closed && !sig.isInitiatedByApplication()) {
                String why = Amqp09Connections.brokerReply(sig);
                log.warn("connection to the broker lost: {}", why);
                events.add(new Lost(getChannel(), why));
            }
        }

        @Override
        public void handleCancel(String tag) {
            log.warn("the broker cancelled the consumer of queue '{}' (was the queue deleted?)", queue);
            events.add(new Lost(getChannel(), "the broker cancelled the consumer of queue '" + queue + "'"));
        }
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            Object ev = events.take();
            if (ev == CLOSED) {
                events.addFirst(CLOSED);
                throw new EndOfInputException();
            }
            if (ev instanceof Delivery d) return transaction(d);
            if (ev instanceof Lost l) {
                // Judge by the current channel: a loss can be reported before connect() recorded it.
                Channel current = channel;
                if (current == null || !current.isOpen() || current == l.channel()) {
                    synchronized (this) {
                        disconnect();
                    }
                    throw new NotConnectedException(l.why());
                }
            }
        }
    }

    private Transaction transaction(Delivery d) {
        Part p = new Part(d.body());
        metadata(p, d);
        long tag = d.envelope().getDeliveryTag();
        if (autoAck) return new Transaction(Batch.of(p), null);
        outstanding.incrementAndGet();
        return new Transaction(Batch.of(p), err -> {
            try {
                settle(d.channel(), tag, err);
            } finally {
                outstanding.decrementAndGet();
            }
        });
    }

    private void settle(Channel ch, long tag, Throwable err) {
        if (!ch.isOpen()) return; // the broker requeued it when the channel closed
        try {
            synchronized (ch) {
                if (err == null) {
                    ch.basicAck(tag, false);
                } else {
                    String text = err.getMessage() == null ? err.toString() : err.getMessage();
                    boolean reject = false;
                    for (Regex pat : rejectPatterns) {
                        if (pat.find(text)) {
                            reject = true;
                            break;
                        }
                    }
                    ch.basicNack(tag, false, !reject);
                }
            }
        } catch (Exception e) {
            log.debug("cannot settle delivery {}: {}", tag, e.getMessage());
        }
    }

    // ---- metadata, as the dialect names and formats it (values as text) ----

    private static void metadata(Part p, Delivery d) {
        AMQP.BasicProperties props = d.props();
        Envelope env = d.envelope();
        if (props.getHeaders() != null) {
            for (Map.Entry<String, Object> h : props.getHeaders().entrySet()) set(p, h.getKey(), h.getValue());
        }
        set(p, "amqp_content_type", props.getContentType());
        set(p, "amqp_content_encoding", props.getContentEncoding());
        if (props.getDeliveryMode() != null && props.getDeliveryMode() != 0) set(p, "amqp_delivery_mode", props.getDeliveryMode());
        set(p, "amqp_priority", props.getPriority() == null ? 0 : props.getPriority());
        set(p, "amqp_correlation_id", props.getCorrelationId());
        set(p, "amqp_reply_to", props.getReplyTo());
        set(p, "amqp_expiration", props.getExpiration());
        set(p, "amqp_message_id", props.getMessageId());
        if (props.getTimestamp() != null) set(p, "amqp_timestamp", props.getTimestamp().getTime() / 1000);
        set(p, "amqp_type", props.getType());
        set(p, "amqp_user_id", props.getUserId());
        set(p, "amqp_app_id", props.getAppId());
        set(p, "amqp_consumer_tag", d.consumerTag());
        set(p, "amqp_delivery_tag", env.getDeliveryTag());
        set(p, "amqp_redelivered", env.isRedeliver());
        set(p, "amqp_exchange", env.getExchange());
        set(p, "amqp_routing_key", env.getRoutingKey());
    }

    /** Nested tables become key_sub entries and arrays key_0, key_1...; keys use _ for -; empty values are skipped. */
    static void set(Part p, String key, Object v) {
        String k = key.replace('-', '_');
        String text;
        if (v == null) {
            return;
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) set(p, k + "_" + e.getKey(), e.getValue());
            return;
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) set(p, k + "_" + i, l.get(i));
            return;
        } else if (v instanceof LongString ls) {
            text = new String(ls.getBytes(), StandardCharsets.UTF_8);
        } else if (v instanceof byte[] b) {
            text = new String(b, StandardCharsets.UTF_8);
        } else if (v instanceof Double || v instanceof Float) {
            text = new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
        } else if (v instanceof BigDecimal bd) {
            text = bd.toPlainString();
        } else if (v instanceof Date date) {
            text = RFC3339.format(date.toInstant());
        } else {
            text = v.toString();
        }
        if (!text.isEmpty()) p.setMeta(k, text);
    }

    private void disconnect() {
        Connection c = connection;
        connection = null;
        channel = null;
        if (c != null) closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c.isOpen()) c.close(2_000);
        } catch (Exception ignored) {
            // going away
        }
    }

    /**
     * Stops consuming, gives in-flight deliveries a moment to be settled, then closes. Whatever is
     * still unacknowledged goes back to the queue when the channel closes.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        events.addFirst(CLOSED);
        Channel ch = channel;
        String tag = activeTag;
        if (ch != null && tag != null) {
            try {
                synchronized (ch) {
                    ch.basicCancel(tag);
                }
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        long end = System.nanoTime() + 3_000_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < end && ch != null && ch.isOpen()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            disconnect();
        }
    }
}
