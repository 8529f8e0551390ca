package io.sluice.connector.amqp;

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

/**
 * Consumes a queue. Each delivery is one transaction: acked on success, nacked with requeue on
 * failure, or nacked without requeue (dropped or dead-lettered) when the error matches one of
 * {@code nack_reject_patterns}. With {@code auto_ack} the broker forgets messages on delivery.
 * {@code prefetch_count} bounds how many unacknowledged deliveries the broker hands out.
 */
final class Amqp09Input implements Input {
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
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

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
