package io.sluice.connectors.mqtt;

import java.util.List;
import java.util.ArrayList;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.SharedConnectAttempt;
import io.sluice.core.config.ConfigException;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes each message of a batch and returns once the broker acknowledged all of them (PUBACK at
 * QoS 1, PUBCOMP at QoS 2; at QoS 0 once written), within {@code write_timeout}. A lost connection
 * surfaces as {@link NotConnectedException} so the engine reconnects with backoff and writes the
 * same batch again; a broker refusal of a message fails the batch.
 */
final class MqttOutput implements Output, MqttSession.Listener {
    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(MqttClientSettings.fields());
        fields.add(FieldSpec.string("topic").interpolated().description("The topic to publish to, interpolated per message.")
                .example("devices/${! this.device_id }/state", "audit/${! @kafka_topic }"));
        fields.add(FieldSpec.string("qos").interpolated().defaultValue(1)
                .description("The QoS of each message: 0, 1 or 2, or an interpolation that gives one of them. At 0 the broker does not confirm, so a write can succeed while the message is lost."));
        fields.add(FieldSpec.duration("write_timeout").defaultValue("3s").example("10s", "750ms")
                .description("How long a write may wait for the broker before it fails."));
        fields.add(FieldSpec.bool("retained").defaultValue(false).description("Publish retained: the broker keeps the last message of the topic and hands it to each new subscriber."));
        fields.add(FieldSpec.string("retained_interpolated").interpolated().optional().advanced()
                .description("Decides `retained` per message instead: an interpolation that gives `true` or `false`."));
        fields.add(ConnectorFields.maxInFlight(64, "the broker"));
        return ComponentSpec.output("mqtt")
                .categories("Services")
                .summary("Publishes messages to an MQTT broker.")
                .description("""
                        `topic`, `qos` and `retained_interpolated` are worked out for each message, also within a batch.

                        A write returns once the broker acknowledged every message (QoS 1 and 2), or once it was sent (QoS 0).""")
                .fields(fields.toArray(FieldSpec[]::new))
                .example("Mirror under a prefix", "Republishes each message read by an `mqtt` input under `mirror/`, followed by its "
                        + "original topic.", """
                        output:
                          mqtt:
                            urls: [ tcp://127.0.0.1:1883 ]
                            topic: 'mirror/${! @mqtt_topic }'
                            qos: 1
                        """);
    }

    public static Output create(Conf conf, ComponentContext ctx) throws ConfigException {
        MqttClientSettings settings = MqttClientSettings.from(conf);
        Interpolation topic = conf.interpolation("topic");
        Interpolation qos = conf.interpolation("qos");
        if (qos.isStatic()) MqttClientSettings.qos(conf.child("qos"));
        Interpolation retainedOverride = null;
        if (conf.isSet("retained_interpolated") && !conf.string("retained_interpolated").isEmpty()) {
            retainedOverride = conf.interpolation("retained_interpolated");
        }
        Duration writeTimeout = conf.duration("write_timeout");
        if (writeTimeout.isZero() || writeTimeout.isNegative()) writeTimeout = Duration.ofSeconds(3);
        return new MqttOutput(new MqttConnector(settings, ctx.log()), topic, qos, conf.bool("retained"), retainedOverride,
                writeTimeout, ConnectorFields.maxInFlight(conf), ctx.log());
    }

    private final MqttConnector connector;
    private final Interpolation topic;
    private final Interpolation qos;
    private final boolean retained;
    private final Interpolation retainedOverride; // null: use retained
    private final Duration writeTimeout;
    private final int maxInFlight;
    private final ComponentLog log;
    private volatile MqttSession session;
    private volatile boolean closed;

    MqttOutput(MqttConnector connector, Interpolation topic, Interpolation qos, boolean retained, Interpolation retainedOverride,
               Duration writeTimeout, int maxInFlight, ComponentLog log) {
        this.connector = connector;
        this.topic = topic;
        this.qos = qos;
        this.retained = retained;
        this.retainedOverride = retainedOverride;
        this.writeTimeout = writeTimeout;
        this.maxInFlight = maxInFlight;
        this.log = log;
    }

    @Override
    public boolean receives() {
        return false;
    }

    @Override
    public void lost(MqttSession from, Throwable cause) {
        log.warn("connection to {} lost: {}", from.url, MqttErrors.describe(cause));
    }

    private final SharedConnectAttempt connectAttempt = new SharedConnectAttempt();

    /**
     * Up to max_in_flight writers may ask to reconnect at once; one attempt runs, and writers that
     * waited for it share its outcome instead of each trying again.
     */
    @Override
    public void connect() throws Exception {
        long asked = System.nanoTime();
        synchronized (this) {
            if (closed) return;
            MqttSession s = session;
            if (s != null && s.isConnected()) return;
            connectAttempt.run(asked, () -> {
                if (s != null) s.close();
                session = null;
                session = connector.open(true, this);
            });
        }
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void write(Batch batch) throws Exception {
        MqttSession s = session;
        if (s == null || !s.isConnected()) {
            throw new NotConnectedException(s == null ? "not connected" : "connection to " + s.url + " is down");
        }
        CompletableFuture<?>[] sent = new CompletableFuture<?>[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            String t = topic.render(batch, i);
            if (t == null || t.isEmpty()) throw new IllegalArgumentException("topic rendered empty for message " + i);
            int q = renderQos(batch, i);
            boolean retain = renderRetained(batch, i);
            try {
                sent[i] = s.publish(t, batch.get(i).bytes(), q, retain);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot publish to topic '" + t + "': " + e.getMessage(), e);
            }
        }
        try {
            CompletableFuture.allOf(sent).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!s.isConnected()) throw lostWhileWriting(s, e);
            throw new TimeoutException("the broker did not acknowledge the message(s) within write_timeout (" + writeTimeout.toMillis() + "ms)");
        } catch (ExecutionException e) {
            if (MqttErrors.connectionGone(e) || !s.isConnected()) throw lostWhileWriting(s, e);
            throw new Exception("publish failed: " + MqttErrors.describe(e), MqttErrors.unwrap(e));
        }
    }

    private NotConnectedException lostWhileWriting(MqttSession s, Exception e) {
        synchronized (this) {
            if (session == s) session = null;
        }
        return new NotConnectedException("connection to " + s.url + " lost while publishing: " + MqttErrors.describe(e), e);
    }

    private int renderQos(Batch batch, int i) {
        String text = qos.render(batch, i).trim();
        try {
            int q = Integer.parseInt(text);
            if (q >= 0 && q <= 2) return q;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("qos must be 0, 1 or 2, got '" + text + "'");
    }

    private boolean renderRetained(Batch batch, int i) {
        if (retainedOverride == null) return retained;
        String text = retainedOverride.render(batch, i).trim();
        if (text.equalsIgnoreCase("true")) return true;
        if (text.equalsIgnoreCase("false")) return false;
        log.error("retained_interpolated must render true or false, got '{}'; using retained: {}", text, retained);
        return retained;
    }

    @Override
    public void close() {
        closed = true;
        MqttSession s;
        synchronized (this) {
            s = session;
            session = null;
        }
        if (s != null) s.close();
    }
}
