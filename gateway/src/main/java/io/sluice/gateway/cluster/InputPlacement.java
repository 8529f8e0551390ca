package io.sluice.gateway.cluster;

import io.sluice.core.config.ConfigNode;

import java.util.Locale;
import java.util.Set;

/**
 * Where a stream's input runs in a cluster, decided from its config.
 *
 * <ul>
 *   <li>{@link #EVERY_NODE}: the source shares work between the readers of a group (Kafka consumer group, NATS queue
 *       group or durable JetStream consumer, AMQP queue, Redis Streams consumer group, Redis list, NSQ channel, MQTT
 *       {@code $share/} subscription), or the node receives it itself ({@code http_server} POSTs): every node runs it,
 *       the broker spreads the work, and a node's death moves its share to the others.</li>
 *   <li>{@link #SINGLETON}: anything else ({@code generate}, {@code http_client} polling, MQTT without shared
 *       subscriptions, Redis pub/sub, a Kafka input without a group, ...) would run N times on N nodes: it runs on the
 *       node holding the stream's lease.</li>
 * </ul>
 */
public enum InputPlacement {
    EVERY_NODE, SINGLETON;

    private static final Set<String> NOT_TYPES = Set.of("label", "processors");

    /** The placement of the stream whose (parsed) config is {@code root}. */
    public static InputPlacement of(ConfigNode root) {
        if (!(root instanceof ConfigNode.MapNode map)) return SINGLETON;
        return ofInput(map.get("input"));
    }

    static InputPlacement ofInput(ConfigNode input) {
        if (!(input instanceof ConfigNode.MapNode component)) return SINGLETON;
        for (var entry : component.entries().entrySet()) {
            if (NOT_TYPES.contains(entry.getKey())) continue;
            return ofType(entry.getKey(), entry.getValue().value());
        }
        return SINGLETON;
    }

    private static InputPlacement ofType(String type, ConfigNode conf) {
        return switch (type) {
            case "http_server", "amqp_0_9", "amqp_1", "redis_list", "nsq" -> EVERY_NODE;
            case "kafka", "kafka_franz" -> set(conf, "consumer_group") ? EVERY_NODE : SINGLETON;
            case "redis_streams" -> set(conf, "consumer_group") ? EVERY_NODE : SINGLETON;
            case "nats" -> set(conf, "queue") ? EVERY_NODE : SINGLETON;
            case "nats_jetstream" -> set(conf, "queue") || set(conf, "durable") ? EVERY_NODE : SINGLETON;
            case "mqtt" -> sharedSubscriptions(conf) ? EVERY_NODE : SINGLETON;
            case "broker" -> allEveryNode(conf) ? EVERY_NODE : SINGLETON;
            default -> SINGLETON;
        };
    }

    private static boolean set(ConfigNode conf, String field) {
        return conf instanceof ConfigNode.MapNode map && map.get(field) instanceof ConfigNode.ScalarNode s
                && s.value() != null && !String.valueOf(s.value()).isBlank();
    }

    private static boolean sharedSubscriptions(ConfigNode conf) {
        if (!(conf instanceof ConfigNode.MapNode map) || !(map.get("topics") instanceof ConfigNode.ListNode topics)) return false;
        if (topics.items().isEmpty()) return false;
        for (ConfigNode t : topics.items()) {
            if (!(t instanceof ConfigNode.ScalarNode s) || !String.valueOf(s.value()).startsWith("$share/")) return false;
        }
        return true;
    }

    private static boolean allEveryNode(ConfigNode conf) {
        if (!(conf instanceof ConfigNode.MapNode map) || !(map.get("inputs") instanceof ConfigNode.ListNode inputs)) return false;
        if (inputs.items().isEmpty()) return false;
        for (ConfigNode child : inputs.items()) {
            if (ofInput(child) != EVERY_NODE) return false;
        }
        return true;
    }

    /** The name used in status answers: {@code every_node} or {@code singleton}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
