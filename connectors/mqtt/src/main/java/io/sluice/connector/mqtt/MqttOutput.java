package io.sluice.connector.mqtt;

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

    private record Failure(long at, Exception error) {
    }

    private Failure lastFailure;

    /**
     * Up to max_in_flight writers may ask to reconnect at once; one attempt runs, and writers that
     * waited for it share its outcome instead of each trying again.
     */
    @Override
    public void connect() throws Exception {
        long entered = System.nanoTime();
        synchronized (this) {
            if (closed) return;
            MqttSession s = session;
            if (s != null && s.isConnected()) return;
            Failure f = lastFailure;
            if (f != null && f.at() - entered > 0) throw f.error();
            if (s != null) s.close();
            session = null;
            try {
                session = connector.open(true, this);
                lastFailure = null;
            } catch (Exception e) {
                lastFailure = new Failure(System.nanoTime(), e);
                throw e;
            }
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
