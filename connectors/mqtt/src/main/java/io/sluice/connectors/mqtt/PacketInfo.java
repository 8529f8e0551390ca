package io.sluice.connectors.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The packet identifier and DUP flag of a received PUBLISH.
 *
 * <p>The HiveMQ client keeps both on its internal "stateful" publish and hands applications a
 * stateless copy. For QoS 1 and 2 with manual acknowledgement, that copy holds a confirmable which
 * points back at the stateful publish; this class follows that path once per message through cached
 * reflective handles. For QoS 0 there is nothing to find: MQTT gives such messages no identifier and
 * forbids DUP, so 0 and false are the true values. If a client upgrade changes the internals, the
 * lookup degrades to 0/false with one warning, and {@code MqttBrokerTest} fails on the metadata check.
 */
record PacketInfo(int messageId, boolean duplicate) {
    static final PacketInfo NONE = new PacketInfo(0, false);

    private static final Logger LOG = LoggerFactory.getLogger(PacketInfo.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final Handles HANDLES = Handles.load();

    static PacketInfo of(Object publish) {
        Handles h = HANDLES;
        if (h == null) return NONE;
        try {
            Object p = publish;
            if (h.v3Delegate.getDeclaringClass().isInstance(p)) p = h.v3Delegate.get(p);
            if (!h.confirmable.getDeclaringClass().isInstance(p)) return NONE;
            Object confirmable = h.confirmable.get(p);
            if (confirmable == null || !h.publishWithFlows.getDeclaringClass().isInstance(confirmable)) return NONE;
            Object withFlows = h.publishWithFlows.get(confirmable);
            Object stateful = h.statefulPublish.get(withFlows);
            return new PacketInfo((int) h.packetId.invoke(stateful), (boolean) h.isDup.invoke(stateful));
        } catch (ReflectiveOperationException | RuntimeException e) {
            warn(e);
            return NONE;
        }
    }

    private static void warn(Throwable e) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("cannot read MQTT packet identifier and DUP flag from the client library ({}); mqtt_message_id and mqtt_duplicate will be 0/false", e.toString());
        }
    }

    private record Handles(Field v3Delegate, Field confirmable, Field publishWithFlows, Field statefulPublish, Method packetId, Method isDup) {
        static Handles load() {
            try {
                Field v3 = field("com.hivemq.client.internal.mqtt.message.publish.mqtt3.Mqtt3PublishView", "delegate");
                Field conf = field("com.hivemq.client.internal.mqtt.message.publish.MqttPublish", "confirmable");
                Field flows = field("com.hivemq.client.internal.mqtt.handler.publish.incoming.MqttIncomingPublishConfirmable", "publishWithFlows");
                Field stateful = field("com.hivemq.client.internal.mqtt.handler.publish.incoming.MqttStatefulPublishWithFlows", "publish");
                Class<?> statefulType = Class.forName("com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish");
                Method id = statefulType.getMethod("getPacketIdentifier");
                Method dup = statefulType.getMethod("isDup");
                id.setAccessible(true);
                dup.setAccessible(true);
                return new Handles(v3, conf, flows, stateful, id, dup);
            } catch (ReflectiveOperationException | RuntimeException e) {
                warn(e);
                return null;
            }
        }

        private static Field field(String type, String name) throws ReflectiveOperationException {
            Field f = Class.forName(type).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }
    }
}
