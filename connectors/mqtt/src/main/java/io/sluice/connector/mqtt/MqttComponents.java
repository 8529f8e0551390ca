package io.sluice.connector.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Registers the {@code mqtt} input and output. */
public final class MqttComponents implements ComponentProvider {

    static final String METADATA_DOC = """
            ### Metadata

            - mqtt_topic (string): the topic the message was published on
            - mqtt_qos (int)
            - mqtt_retained (bool)
            - mqtt_duplicate (bool): the broker may have sent it before
            - mqtt_message_id (int): the packet identifier, 0 at QoS 0""";

    static ComponentSpec inputSpec() {
        List<FieldSpec> fields = new ArrayList<>(MqttClientSettings.fields());
        fields.add(FieldSpec.stringList("topics").description("Topic filters to subscribe to. `+` matches one level, `#` (last) any number of levels.")
                .example(List.of("plant/+/temperature", "alarms/#")));
        fields.add(FieldSpec.integer("qos").defaultValue(1).advanced().description("The QoS of the subscriptions: 0 (at most once: a message can be lost), 1 (at least once) or 2 (exactly once between broker and client)."));
        fields.add(FieldSpec.bool("clean_session").defaultValue(true).advanced()
                .description("Start a fresh session on every connect. The default drops the subscription with the connection, so messages published "
                        + "while Sluice is away are lost; set false, with a fixed `client_id` and QoS 1 or 2, to have the broker keep them "
                        + "and deliver unacknowledged ones again."));
        fields.add(FieldSpec.bool("auto_replay_nacks").defaultValue(true)
                .description("Deliver a message the output rejected again, until it is accepted; a lasting failure then holds the stream back. False: a rejected message is dropped."));
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

    static ComponentSpec outputSpec() {
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
        fields.add(FieldSpec.integer("max_in_flight").defaultValue(64)
                .description("How many writes may wait for the broker at once. Raise it for throughput."));
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

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(inputSpec(), (conf, ctx) -> {
            MqttClientSettings settings = MqttClientSettings.from(conf);
            List<String> topics = topics(conf);
            int qos = MqttClientSettings.qos(conf.child("qos"));
            boolean clean = conf.bool("clean_session");
            if (!clean && settings.clientId().isEmpty()) {
                ctx.log().warn("clean_session is false but client_id is empty: brokers refuse persistent sessions without a client_id");
            }
            return new MqttInput(new MqttConnector(settings, ctx.log()), topics, qos, clean, conf.bool("auto_replay_nacks"), ctx.log());
        });
        registry.register(outputSpec(), (conf, ctx) -> {
            MqttClientSettings settings = MqttClientSettings.from(conf);
            if (!conf.isSet("topic")) throw new ConfigException(conf.position(), conf.path() + ".topic", "field 'topic' is required");
            Interpolation topic = conf.interpolation("topic");
            Interpolation qos = conf.interpolation("qos");
            if (qos.isStatic()) MqttClientSettings.qos(conf.child("qos"));
            Interpolation retainedOverride = null;
            if (conf.isSet("retained_interpolated") && !conf.string("retained_interpolated").isEmpty()) {
                retainedOverride = conf.interpolation("retained_interpolated");
            }
            Duration writeTimeout = conf.duration("write_timeout");
            if (writeTimeout.isZero() || writeTimeout.isNegative()) writeTimeout = Duration.ofSeconds(3);
            int maxInFlight = Math.max(1, conf.integer("max_in_flight"));
            return new MqttOutput(new MqttConnector(settings, ctx.log()), topic, qos, conf.bool("retained"), retainedOverride,
                    writeTimeout, maxInFlight, ctx.log());
        });
    }

    private static List<String> topics(Conf conf) throws ConfigException {
        List<String> topics = new ArrayList<>();
        for (Conf t : conf.list("topics")) {
            String topic = t.asString();
            try {
                MqttTopicFilter.of(topic);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(t.position(), t.path(), "invalid topic filter '" + topic + "': " + e.getMessage());
            }
            topics.add(topic);
        }
        if (topics.isEmpty()) throw new ConfigException(conf.position(), conf.path() + ".topics", "at least one topic is required");
        return topics;
    }
}
