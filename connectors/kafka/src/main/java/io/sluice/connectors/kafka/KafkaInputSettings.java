package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.config.ConfigException;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.spec.Conf;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a {@code kafka} or {@code kafka_franz} input's config means: the consumer's client properties, the topics
 * (balanced by the group, explicit partitions, or expressions), the group, and how deliveries are tracked.
 *
 * @param topicFilter     regular-expression subscriptions as a test of a topic name, else null
 * @param topicPattern    the same expressions as one pattern for the consumer's subscription, else null
 * @param group           the consumer group; null without one
 * @param checkpointLimit how many messages of one partition may be in flight (at least 1)
 * @param batching        the input's batching policy; null when unbatched
 */
record KafkaInputSettings(Dialect dialect, ClientConfig client, Properties consumerProps, TopicList topics,
                          Predicate<String> topicFilter, Pattern topicPattern, String group, int checkpointLimit,
                          Duration commitPeriod, boolean autoReplayNacks, BatchPolicy batching, boolean multiHeader) {

    static KafkaInputSettings from(Conf conf, ComponentContext ctx, Dialect dialect) throws Exception {
        ClientConfig client = ClientConfig.from(conf, dialect, ctx.log());
        Conf topicsConf = conf.child("topics");
        List<String> topicEntries = topicsConf.isPresent() ? conf.stringList("topics") : List.of();

        boolean regexp = dialect == Dialect.FRANZ && conf.bool("regexp_topics");
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        if (dialect == Dialect.FRANZ) {
            if (conf.isSet("regexp_topics_include")) includes.addAll(ClientConfig.splitList(conf.stringList("regexp_topics_include")));
            if (conf.isSet("regexp_topics_exclude")) excludes.addAll(ClientConfig.splitList(conf.stringList("regexp_topics_exclude")));
        }
        TopicList topics;
        if (regexp) {
            List<String> entries = ClientConfig.splitList(topicEntries);
            for (String t : entries) {
                if (t.contains(":")) throw topicsConf.invalid("explicit partitions ('" + t + "') cannot be combined with regexp_topics");
            }
            includes.addAll(entries);
            topics = new TopicList(List.of(), Map.of());
        } else {
            try {
                topics = TopicList.parse(topicEntries, dialect == Dialect.FRANZ);
            } catch (IllegalArgumentException e) {
                throw topicsConf.invalid(e.getMessage());
            }
        }
        if (topics.balanced().isEmpty() && !topics.hasExplicit() && includes.isEmpty()) {
            throw topicsConf.invalid("at least one topic is required");
        }
        if (topics.hasExplicit() && (!topics.balanced().isEmpty() || !includes.isEmpty())) {
            throw topicsConf.invalid("topics with explicit partitions cannot be mixed with topics balanced by the consumer group");
        }
        Predicate<String> filter = null;
        Pattern pattern = null;
        if (!includes.isEmpty()) {
            try {
                List<Pattern> inc = includes.stream().map(Pattern::compile).toList();
                List<Pattern> exc = excludes.stream().map(Pattern::compile).toList();
                // As in the original dialect, an expression matches anywhere in a topic name.
                filter = name -> !name.startsWith("__") && inc.stream().anyMatch(p -> p.matcher(name).find())
                        && exc.stream().noneMatch(p -> p.matcher(name).find());
                String any = String.join("|", includes.stream().map(s -> ".*(?:" + s + ").*").toList());
                String none = excludes.isEmpty() ? "" : "(?!" + String.join("|", excludes.stream().map(s -> ".*(?:" + s + ").*").toList()) + "$)";
                pattern = Pattern.compile(none + "(?:" + any + ")");
            } catch (PatternSyntaxException e) {
                throw topicsConf.invalid("invalid topic expression: " + e.getMessage());
            }
        }

        String group = conf.isSet("consumer_group") ? conf.string("consumer_group") : null;
        if (group != null && group.isBlank()) group = null;
        if (dialect == Dialect.KAFKA && group == null && !topics.balanced().isEmpty()) {
            Conf g = conf.child("consumer_group");
            throw g.invalid("a consumer group is required to consume topics without explicit partitions (" + topics.balanced() + ")");
        }

        BatchPolicy batching = BatchPolicy.from(conf.child("batching"));
        return new KafkaInputSettings(dialect, client, consumerProperties(conf, dialect, client, group), topics, filter, pattern, group,
                Math.max(1, conf.integer("checkpoint_limit")), conf.duration("commit_period"),
                conf.bool(ConnectorFields.AUTO_REPLAY_NACKS), batching.isNoop() ? null : batching, conf.bool("multi_header"));
    }

    /** The consumer's properties: the shared client settings plus offsets, group membership and fetch sizes. */
    private static Properties consumerProperties(Conf conf, Dialect dialect, ClientConfig client, String group) throws ConfigException {
        String reset = conf.bool("start_from_oldest") ? "earliest" : "latest";
        if (dialect == Dialect.FRANZ && conf.isSet("start_offset")) {
            reset = switch (conf.string("start_offset")) {
                case "latest" -> "latest";
                case "committed" -> "none";
                default -> "earliest";
            };
        }

        Properties p = client.copy();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        if (group != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        String rack = conf.string("rack_id");
        if (rack != null && !rack.isEmpty()) p.put(ConsumerConfig.CLIENT_RACK_CONFIG, rack);
        if (conf.isSet("instance_id") && !conf.string("instance_id").isBlank()) p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, conf.string("instance_id"));
        if (dialect == Dialect.KAFKA) {
            Conf g = conf.child("group");
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(g.duration("session_timeout").toMillis()));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(g.duration("heartbeat_interval").toMillis()));
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(g.duration("rebalance_timeout").toMillis()));
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.max(1, conf.integer("fetch_buffer_cap"))));
        } else {
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(conf.duration("session_timeout").toMillis()));
            Duration hb = conf.isSet("heartbeat_period") ? conf.duration("heartbeat_period") : conf.duration("heartbeat_interval");
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(hb.toMillis()));
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(conf.duration("rebalance_timeout").toMillis()));
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, conf.string("transaction_isolation_level"));
            try {
                p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(Sizes.parseInt(conf.string("fetch_max_bytes"))));
                p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(Sizes.parseInt(conf.string("fetch_min_bytes"))));
                p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Sizes.parseInt(conf.string("fetch_max_partition_bytes"))));
            } catch (IllegalArgumentException e) {
                throw conf.invalid(e.getMessage());
            }
            // A fetch held by the broker delays the consumer's close until it returns, so the wait is capped.
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(Math.min(500, conf.duration("fetch_max_wait").toMillis())));
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        }
        return p;
    }

    /** The topics for log lines: expressions, explicit partitions, or balanced topics. */
    String describeTopics() {
        if (topicPattern != null) return "topics matching " + topicPattern.pattern();
        if (topics.hasExplicit()) return "partitions " + new TreeSet<>(topics.explicit().keySet().stream().map(TopicPartition::toString).toList());
        return "topics " + topics.balanced();
    }
}
