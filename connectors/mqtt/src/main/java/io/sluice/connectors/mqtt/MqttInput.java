package io.sluice.connectors.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import java.util.ArrayList;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.ReplayingInput;
import io.sluice.core.config.ConfigException;
import io.sluice.core.component.ComponentContext;
import io.sluice.connectors.mqtt.MqttSession.Received;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscribes to topics and hands each message on as its own transaction.
 *
 * <p>Messages arrive on the client's thread and wait in a local queue; {@link #read()} takes them in
 * arrival order. QoS 1 and 2 messages are acknowledged to the broker (PUBACK / PUBREC) only when the
 * transaction is acked, i.e. after the output accepted the message. A rejected message is replayed
 * locally by the {@link ReplayingInput} in front of this input while {@code auto_replay_nacks} is on
 * (the broker would only resend it on a new session); with it off the message is acknowledged and
 * dropped, as in the original dialect.
 * The client sends acknowledgements in arrival order, so a message that keeps failing holds back the
 * ones after it and the broker's in-flight window then throttles the stream: back pressure, not loss.
 */
final class MqttInput implements Input, MqttSession.Listener, ReplayingInput.Wakeable {
    static final String METADATA_DOC = """
            ### Metadata

            - mqtt_topic (string): the topic the message was published on
            - mqtt_qos (int)
            - mqtt_retained (bool)
            - mqtt_duplicate (bool): the broker may have sent it before
            - mqtt_message_id (int): the packet identifier, 0 at QoS 0
            - every user property of an MQTT 5 message, under its own name (a W3C `traceparent` among them continues \
            that trace through the stream)""";

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(MqttClientSettings.fields());
        fields.add(FieldSpec.stringList("topics").nonEmpty("at least one topic is required").rule(MqttInput::topicFilterProblem).description("Topic filters to subscribe to. `+` matches one level, `#` (last) any number of levels.")
                .example(List.of("plant/+/temperature", "alarms/#")));
        fields.add(FieldSpec.integer("qos").defaultValue(1).advanced().description("The QoS of the subscriptions: 0 (at most once: a message can be lost), 1 (at least once) or 2 (exactly once between broker and client)."));
        fields.add(FieldSpec.bool("clean_session").defaultValue(true).advanced()
                .description("Start a fresh session on every connect. The default drops the subscription with the connection, so messages published "
                        + "while Sluice is away are lost; set false, with a fixed `client_id` and QoS 1 or 2, to have the broker keep them "
                        + "and deliver unacknowledged ones again."));
        fields.add(ConnectorFields.autoReplayNacks("Deliver a message the output rejected again, until it is accepted; a lasting failure then holds the stream back. False: a rejected message is dropped."));
        return ComponentSpec.input("mqtt")
                .categories("Services")
                .summary("Subscribes to topics of an MQTT broker.")
                .description(METADATA_DOC + """


                        Speaks MQTT 3.1.1 and 5 (`protocol_version`). At QoS 1 and 2 a message is acknowledged to the broker only \
                        after the output has taken it.""")
                .fields(fields.toArray(FieldSpec[]::new))
                .example("Every temperature of the plant, kept while away", "A persistent session: readings published while the "
                        + "stream is stopped wait at the broker.", """
                        input:
                          mqtt:
                            urls: [ tcp://127.0.0.1:1883 ]
                            client_id: plant-temperatures
                            clean_session: false
                            qos: 1
                            topics: [ "plant/+/temperature" ]
                        """);
    }

    public static Input create(Conf conf, ComponentContext ctx) throws ConfigException {
        MqttClientSettings settings = MqttClientSettings.from(conf);
        int qos = MqttClientSettings.qos(conf.child("qos"));
        boolean clean = conf.bool("clean_session");
        if (!clean && settings.clientId().isEmpty()) {
            ctx.log().warn("clean_session is false but client_id is empty: brokers refuse persistent sessions without a client_id");
        }
        // topics: the spec requires one at least and checks each filter.
        return ConnectorFields.autoReplayNacks(conf, new MqttInput(new MqttConnector(settings, ctx.log()), conf.stringList("topics"), qos, clean,
                conf.bool(ConnectorFields.AUTO_REPLAY_NACKS), ctx.log()));
    }

    /** Lint's check of one topic filter: null when the broker would take it. */
    static String topicFilterProblem(Object value) {
        if (!(value instanceof String topic)) return null;
        try {
            MqttTopicFilter.of(topic);
            return null;
        } catch (IllegalArgumentException e) {
            return "invalid topic filter '" + topic + "': " + e.getMessage();
        }
    }

    private static final Object CLOSED = new Object();
    // Queued by wakeUp(): the read waiting for the next message returns null, so a replay goes first.
    private static final Object WAKE = new Object();

    private record Lost(MqttSession session, Throwable cause) {
    }

    private final MqttConnector connector;
    private final List<String> topics;
    private final int qos;
    private final boolean cleanSession;
    private final boolean autoReplayNacks;
    private final ComponentLog log;

    private final LinkedBlockingDeque<Object> events = new LinkedBlockingDeque<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile MqttSession session;
    private volatile boolean closed;

    MqttInput(MqttConnector connector, List<String> topics, int qos, boolean cleanSession, boolean autoReplayNacks, ComponentLog log) {
        this.connector = connector;
        this.topics = topics;
        this.qos = qos;
        this.cleanSession = cleanSession;
        this.autoReplayNacks = autoReplayNacks;
        this.log = log;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (closed) return;
        MqttSession s = session;
        if (s != null && s.isConnected()) return;
        if (s != null) s.close();
        session = null;
        s = connector.open(cleanSession, this);
        try {
            s.subscribe(topics, qos).get(connector.settings().connectTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            s.close();
            throw new Exception("cannot subscribe to topics " + topics + " on " + s.url + ": " + MqttErrors.describe(e), e);
        }
        session = s;
        log.info("subscribed to {} at qos {}", topics, qos);
    }

    @Override
    public void message(MqttSession from, Received message) {
        events.add(message);
    }

    @Override
    public void lost(MqttSession from, Throwable cause) {
        log.warn("connection to {} lost: {}", from.url, MqttErrors.describe(cause));
        events.add(new Lost(from, cause));
    }

    @Override
    public void wakeUp() {
        if (wakeQueued.compareAndSet(false, true)) events.addFirst(WAKE);
    }

    /** The next message, or null when {@link #wakeUp()} asked the read to make way for a replay. */
    @Override
    public Transaction read() throws Exception {
        while (true) {
            Object ev = events.take();
            if (ev == CLOSED) {
                events.addFirst(CLOSED);
                throw new EndOfInputException();
            }
            if (ev == WAKE) {
                wakeQueued.set(false);
                return null;
            }
            if (ev instanceof Received r) return transaction(r);
            if (ev instanceof Lost l) {
                // Judge by the current session, not by identity: a loss can be reported before
                // connect() recorded the session it belongs to. Losses of older sessions are moot.
                MqttSession current = session;
                if (current == null || !current.isConnected()) {
                    session = null;
                    throw new NotConnectedException("connection to " + l.session().url + " lost: " + MqttErrors.describe(l.cause()));
                }
            }
        }
    }

    private Transaction transaction(Received r) {
        Part p = new Part(r.payload());
        r.userProperties().forEach(p::setMeta); // first, so that the mqtt_* values below are the connector's own
        p.setMeta("mqtt_duplicate", r.packet().duplicate());
        p.setMeta("mqtt_qos", (long) r.qos());
        p.setMeta("mqtt_retained", r.retained());
        p.setMeta("mqtt_topic", r.topic());
        p.setMeta("mqtt_message_id", (long) r.packet().messageId());
        outstanding.incrementAndGet();
        return new Transaction(Batch.of(p), err -> settle(r, err));
    }

    /**
     * The final verdict on a message (replays happen in front of this input). A rejection with
     * replays on means the input closed before the replay: the message stays unacknowledged, for the
     * broker to deliver again on the session's next connection.
     */
    private void settle(Received r, Throwable err) {
        try {
            if (err == null) {
                r.ack().run();
            } else if (!autoReplayNacks && !closed) {
                log.debug("message on {} rejected ({}); dropped because auto_replay_nacks is off", r.topic(), err.getMessage());
                r.ack().run();
            }
        } finally {
            outstanding.decrementAndGet();
        }
    }

    /**
     * Stops reading, gives in-flight messages a moment to settle so their acknowledgements still reach
     * the broker, then disconnects. Anything unsettled is redelivered by the broker (persistent
     * sessions) on the next connection.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        events.addFirst(CLOSED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        MqttSession s;
        synchronized (this) {
            s = session;
            session = null;
        }
        if (s != null) s.close();
    }
}
