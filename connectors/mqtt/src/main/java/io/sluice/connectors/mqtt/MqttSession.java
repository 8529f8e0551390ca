package io.sluice.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilderBase;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.MqttWebSocketConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.sluice.connectors.mqtt.MqttClientSettings.BrokerUrl;
import io.sluice.connectors.mqtt.MqttClientSettings.ProtocolVersion;
import io.sluice.core.tls.Tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection to one broker with one protocol version: a thin, version-neutral face over the
 * HiveMQ client's MQTT 3.1.1 and MQTT 5 APIs. Built fresh on each (re)connect; automatic reconnect
 * of the library is off because the engine owns reconnects and their backoff.
 */
abstract class MqttSession {

    /**
     * A received message; {@code ack} sends PUBACK/PUBREC (no-op for QoS 0 and after the session ended).
     * {@code userProperties} are MQTT 5's (the first value of a repeated name); empty under 3.1.1.
     */
    record Received(String topic, byte[] payload, int qos, boolean retained, PacketInfo packet, Runnable ack,
                    Map<String, String> userProperties) {
    }

    interface Listener {
        /** False for publish-only sessions: no inbound flow is registered. */
        default boolean receives() {
            return true;
        }

        default void message(MqttSession session, Received message) {
        }

        /** The established connection ended without our asking. */
        void lost(MqttSession session, Throwable cause);
    }

    final BrokerUrl url;
    final ProtocolVersion version;
    final AtomicBoolean established = new AtomicBoolean();
    final AtomicBoolean closing = new AtomicBoolean();
    /** Set when the client reports the connection gone; its own state may lag while listeners run. */
    volatile boolean dead;

    private MqttSession(BrokerUrl url, ProtocolVersion version) {
        this.url = url;
        this.version = version;
    }

    abstract CompletableFuture<?> subscribe(List<String> topics, int qos);

    abstract CompletableFuture<?> publish(String topic, byte[] payload, int qos, boolean retain);

    /** The version's client, for what both versions share. */
    abstract MqttClient client();

    /** Sends DISCONNECT (normal: no will). */
    abstract CompletableFuture<Void> disconnect();

    boolean isConnected() {
        return !dead && client().getState().isConnected();
    }

    /** Sends DISCONNECT (normal: no will) and releases the client. */
    void close() {
        closing.set(true);
        try {
            if (client().getState().isConnected()) disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the connection is going away either way
        }
    }

    /** A version's client builder with what both versions set: transport, loss reports, the client id. */
    <B extends MqttClientBuilderBase<B>> B configure(B builder, MqttClientSettings s, BrokerUrl url, Listener listener) throws Exception {
        B b = builder.transportConfig(transport(s, url)).addDisconnectedListener(ctx -> onDisconnected(ctx, listener));
        return s.clientId().isEmpty() ? b : b.identifier(s.clientId());
    }

    /** A received PUBLISH of either version; acknowledging it twice is harmless (settling is idempotent). */
    static Received received(MqttTopic topic, byte[] payload, MqttQos qos, boolean retained, Object publish, Runnable acknowledge,
                             Map<String, String> userProperties) {
        return new Received(topic.toString(), payload, qos.getCode(), retained,
                qos == MqttQos.AT_MOST_ONCE ? PacketInfo.NONE : PacketInfo.of(publish), () -> {
                    try {
                        acknowledge.run();
                    } catch (IllegalStateException ignored) {
                        // already acknowledged
                    }
                }, userProperties);
    }

    /** Opens a session and waits for CONNACK (bounded by connect_timeout). */
    static MqttSession open(MqttClientSettings s, BrokerUrl url, ProtocolVersion version, boolean cleanSession,
                            Listener listener) throws Exception {
        MqttSession session = version == ProtocolVersion.V3_1_1
                ? new V3(s, url, cleanSession, listener)
                : new V5(s, url, cleanSession, listener);
        try {
            session.connect(s).get(s.connectTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            session.closing.set(true);
            session.close();
            throw e;
        }
        session.established.set(true);
        return session;
    }

    abstract CompletableFuture<?> connect(MqttClientSettings s);

    void onDisconnected(MqttClientDisconnectedContext ctx, Listener listener) {
        dead = true;
        if (established.get() && !closing.get()) listener.lost(this, ctx.getCause());
    }

    static MqttClientTransportConfig transport(MqttClientSettings s, BrokerUrl url) throws Exception {
        MqttClientTransportConfigBuilder b = MqttClientTransportConfig.builder()
                .serverHost(url.host())
                .serverPort(url.port())
                .socketConnectTimeout(s.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(s.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (url.tls()) {
            Tls tls = s.tls();
            b = b.sslConfig(MqttClientSslConfig.builder()
                    .keyManagerFactory(tls.keyManagers())
                    .trustManagerFactory(tls.trustManagers())
                    .hostnameVerifier(tls.skipVerify() ? (host, ssl) -> true : null)
                    .build());
        }
        if (url.websocket()) {
            String path = url.path();
            String query = "";
            int q = path.indexOf('?');
            if (q >= 0) {
                query = path.substring(q + 1);
                path = path.substring(0, q);
            }
            b = b.webSocketConfig(MqttWebSocketConfig.builder().serverPath(path).queryString(query).build());
        }
        return b.build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- MQTT 5

    private static final class V5 extends MqttSession {
        private final Mqtt5AsyncClient client;
        private final boolean cleanSession;

        V5(MqttClientSettings s, BrokerUrl url, boolean cleanSession, Listener listener) throws Exception {
            super(url, ProtocolVersion.V5);
            this.cleanSession = cleanSession;
            client = configure(Mqtt5Client.builder(), s, url, listener).buildAsync();
            if (listener.receives()) {
                client.publishes(MqttGlobalPublishFilter.ALL, p -> listener.message(this,
                        received(p.getTopic(), p.getPayloadAsBytes(), p.getQos(), p.isRetain(), p, p::acknowledge,
                                userProperties(p))), true);
            }
        }

        @Override
        MqttClient client() {
            return client;
        }

        private static Map<String, String> userProperties(Mqtt5Publish p) {
            List<? extends Mqtt5UserProperty> list = p.getUserProperties().asList();
            if (list.isEmpty()) return Map.of();
            Map<String, String> out = new LinkedHashMap<>();
            for (Mqtt5UserProperty u : list) out.putIfAbsent(u.getName().toString(), u.getValue().toString());
            return out;
        }

        @Override
        CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }

        @Override
        CompletableFuture<?> connect(MqttClientSettings s) {
            Mqtt5ConnectBuilder b = Mqtt5Connect.builder()
                    .cleanStart(cleanSession)
                    // A persistent MQTT 3.1.1 session never expires; mirror that when the config asks for one.
                    .sessionExpiryInterval(cleanSession ? 0 : 0xFFFF_FFFFL)
                    .keepAlive(s.keepAliveSeconds());
            if (!s.user().isEmpty() || !s.password().isEmpty()) {
                Mqtt5SimpleAuthBuilder.Complete auth = s.user().isEmpty()
                        ? Mqtt5SimpleAuth.builder().password(utf8(s.password()))
                        : Mqtt5SimpleAuth.builder().username(s.user()).password(utf8(s.password()));
                b = b.simpleAuth(auth.build());
            }
            MqttClientSettings.Will w = s.will();
            if (w.enabled()) {
                b = b.willPublish(Mqtt5Publish.builder().topic(w.topic()).qos(MqttQos.fromCode(w.qos()))
                        .retain(w.retained()).payload(utf8(w.payload())).asWill().build());
            }
            return client.connect(b.build());
        }

        @Override
        CompletableFuture<?> subscribe(List<String> topics, int qos) {
            List<Mqtt5Subscription> subs = new ArrayList<>();
            for (String t : topics) subs.add(Mqtt5Subscription.builder().topicFilter(t).qos(MqttQos.fromCode(qos)).build());
            return client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(subs).build());
        }

        @Override
        CompletableFuture<?> publish(String topic, byte[] payload, int qos, boolean retain) {
            return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send();
        }
    }

    // ---------------------------------------------------------------- MQTT 3.1.1

    private static final class V3 extends MqttSession {
        private final Mqtt3AsyncClient client;
        private final boolean cleanSession;

        V3(MqttClientSettings s, BrokerUrl url, boolean cleanSession, Listener listener) throws Exception {
            super(url, ProtocolVersion.V3_1_1);
            this.cleanSession = cleanSession;
            client = configure(Mqtt3Client.builder(), s, url, listener).buildAsync();
            if (listener.receives()) {
                client.publishes(MqttGlobalPublishFilter.ALL, p -> listener.message(this,
                        received(p.getTopic(), p.getPayloadAsBytes(), p.getQos(), p.isRetain(), p, p::acknowledge, Map.of())), true);
            }
        }

        @Override
        MqttClient client() {
            return client;
        }

        @Override
        CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }

        @Override
        CompletableFuture<?> connect(MqttClientSettings s) {
            Mqtt3ConnectBuilder b = Mqtt3Connect.builder().cleanSession(cleanSession).keepAlive(s.keepAliveSeconds());
            if (!s.user().isEmpty()) {
                b = b.simpleAuth(s.password().isEmpty()
                        ? Mqtt3SimpleAuth.builder().username(s.user()).build()
                        : Mqtt3SimpleAuth.builder().username(s.user()).password(utf8(s.password())).build());
            }
            MqttClientSettings.Will w = s.will();
            if (w.enabled()) {
                b = b.willPublish(Mqtt3Publish.builder().topic(w.topic()).qos(MqttQos.fromCode(w.qos()))
                        .retain(w.retained()).payload(utf8(w.payload())).build());
            }
            return client.connect(b.build());
        }

        @Override
        CompletableFuture<?> subscribe(List<String> topics, int qos) {
            List<Mqtt3Subscription> subs = new ArrayList<>();
            for (String t : topics) subs.add(Mqtt3Subscription.builder().topicFilter(t).qos(MqttQos.fromCode(qos)).build());
            return client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(subs).build()).thenApply(ack -> {
                for (int i = 0; i < ack.getReturnCodes().size(); i++) {
                    if (ack.getReturnCodes().get(i) == Mqtt3SubAckReturnCode.FAILURE) {
                        throw new IllegalStateException("the broker refused the subscription to '" + topics.get(i) + "'");
                    }
                }
                return ack;
            });
        }

        @Override
        CompletableFuture<?> publish(String topic, byte[] payload, int qos, boolean retain) {
            return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send();
        }
    }
}
