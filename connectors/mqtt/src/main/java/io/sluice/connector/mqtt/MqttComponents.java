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

            This input adds the following metadata fields to each message:

            - mqtt_duplicate (bool)
            - mqtt_qos (int)
            - mqtt_retained (bool)
            - mqtt_topic (string)
            - mqtt_message_id (int: the packet identifier, 0 at QoS 0)

            You can access these metadata fields using function interpolation.""";

    static ComponentSpec inputSpec() {
        List<FieldSpec> fields = new ArrayList<>(MqttClientSettings.fields());
        fields.add(FieldSpec.stringList("topics").description("A list of topics to consume from. Wildcards `+` and `#` are allowed.")
                .example(List.of("sensors/+/temperature", "alerts/#")));
        fields.add(FieldSpec.integer("qos").defaultValue(1).advanced().description("The level of delivery guarantee to enforce. Has options 0, 1, 2."));
        fields.add(FieldSpec.bool("clean_session").defaultValue(true).advanced()
                .description("Set whether the connection is non-persistent. With `false` (and a fixed `client_id`) the broker keeps the subscription and redelivers unacknowledged messages after a reconnect or restart."));
        fields.add(FieldSpec.bool("auto_replay_nacks").defaultValue(true)
                .description("Whether messages that are rejected (nacked) at the output level should be automatically replayed indefinitely, eventually resulting in back pressure if the cause of the rejections is persistent. If set to `false` these messages will instead be deleted."));
        return ComponentSpec.input("mqtt")
                .categories("Services")
                .summary("Subscribe to topics on MQTT brokers.")
                .description(METADATA_DOC + """


                        Speaks MQTT 3.1.1 and 5 (`protocol_version`). Messages at QoS 1 and 2 are acknowledged to the broker only after the output accepted them.""")
                .fields(fields.toArray(FieldSpec[]::new))
                .example("Subscribe with wildcards", "Consume every sensor reading at QoS 1.", """
                        input:
                          mqtt:
                            urls: [ tcp://localhost:1883 ]
                            client_id: sensor-reader
                            topics: [ "sensors/+/temperature" ]
                        """);
    }

    static ComponentSpec outputSpec() {
        List<FieldSpec> fields = new ArrayList<>(MqttClientSettings.fields());
        fields.add(FieldSpec.string("topic").interpolated().description("The topic to publish messages to.")
                .example("events/${! meta(\"kafka_key\") }"));
        fields.add(FieldSpec.string("qos").interpolated().defaultValue(1)
                .description("The QoS value to set for each message. Has options 0, 1, 2. May be an interpolation that renders one of them."));
        fields.add(FieldSpec.duration("write_timeout").defaultValue("3s").example("1s", "500ms")
                .description("The maximum amount of time to wait to write data before the attempt is abandoned."));
        fields.add(FieldSpec.bool("retained").defaultValue(false).description("Set message as retained on the topic."));
        fields.add(FieldSpec.string("retained_interpolated").interpolated().optional().advanced()
                .description("Override the value of `retained` with an interpolable value, this allows it to be dynamically set based on message contents. The value must resolve to either `true` or `false`."));
        fields.add(FieldSpec.integer("max_in_flight").defaultValue(64)
                .description("The maximum number of messages to have in flight at a given time. Increase this to improve throughput."));
        return ComponentSpec.output("mqtt")
                .categories("Services")
                .summary("Pushes messages to an MQTT broker.")
                .description("""
                        The `topic` field can be dynamically set using function interpolations. When sending batched messages these interpolations are performed per message part.

                        A write returns once the broker acknowledged every message (QoS 1 and 2) or it was written (QoS 0).""")
                .fields(fields.toArray(FieldSpec[]::new))
                .example("Route by metadata", "Publish each message to a topic named after its source.", """
                        output:
                          mqtt:
                            urls: [ tcp://localhost:1883 ]
                            topic: 'copies/${! meta("mqtt_topic") }'
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
