package io.sluice.connectors.kafka;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.util.List;
import java.util.Map;

import static io.sluice.core.spec.FieldSpec.any;
import static io.sluice.core.spec.FieldSpec.bool;
import static io.sluice.core.spec.FieldSpec.duration;
import static io.sluice.core.spec.FieldSpec.integer;
import static io.sluice.core.spec.FieldSpec.object;
import static io.sluice.core.spec.FieldSpec.objectList;
import static io.sluice.core.spec.FieldSpec.string;
import static io.sluice.core.spec.FieldSpec.stringList;
import static io.sluice.core.spec.FieldSpec.stringMap;

/**
 * The config fields of the {@code kafka} and {@code kafka_franz} inputs and outputs. The two names
 * come from two generations of the dialect with different field names ({@code addresses} vs
 * {@code seed_brokers}, one SASL object vs a list, ...), so each has its own spec; both are served
 * by the same implementation through {@link Dialect}.
 */
final class KafkaSpecs {
    private KafkaSpecs() {
    }

    static final String DEFAULT_CLIENT_ID = "sluice";

    private static final String METADATA_DOC = """
            Each message gets this metadata:

            - kafka_key
            - kafka_topic
            - kafka_partition
            - kafka_offset
            - kafka_timestamp_unix
            - kafka_timestamp_ms
            - kafka_tombstone_message
            %s- every record header (its value as text; a list of texts with multi_header)
            """;

    // ---- shared field groups ----

    /** The single SASL object of the {@code kafka} dialect. */
    static FieldSpec saslObject() {
        return object("sasl",
                string("mechanism").defaultValue("none").options("none", "PLAIN", "OAUTHBEARER", "SCRAM-SHA-256", "SCRAM-SHA-512")
                        .description("The SASL mechanism to authenticate with."),
                string("user").defaultValue("").description("The user name for PLAIN and SCRAM."),
                string("password").defaultValue("").description("The password for PLAIN and SCRAM."),
                string("access_token").defaultValue("").description("A static token for OAUTHBEARER."),
                string("token_cache").defaultValue("").description("Not supported: a cache resource providing OAUTHBEARER tokens."),
                string("token_key").defaultValue("").description("Not supported: the key of the token in token_cache."))
                .description("SASL authentication with the brokers.").advanced();
    }

    /** The list of SASL mechanisms of the {@code kafka_franz} dialect. */
    static FieldSpec saslList() {
        return objectList("sasl",
                string("mechanism").options("none", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "AWS_MSK_IAM")
                        .description("The SASL mechanism."),
                string("username").defaultValue("").description("The user name for PLAIN and SCRAM."),
                string("password").defaultValue("").description("The password for PLAIN and SCRAM."),
                string("token").defaultValue("").description("A static token for OAUTHBEARER."),
                stringMap("extensions").optional().description("Key/value extensions sent with an OAUTHBEARER token."),
                any("aws").optional().advanced().description("Not supported: AWS settings for AWS_MSK_IAM."))
                .optional().advanced()
                .description("SASL mechanisms to authenticate with. The first one other than `none` is used.");
    }

    private static FieldSpec brokers(String name) {
        return stringList(name)
                .description("Broker addresses to connect to. An entry may hold several addresses separated by commas.")
                .example(List.of("127.0.0.1:9092"), List.of("kafka-1:9092", "kafka-2:9092"), List.of("kafka-1:9092,kafka-2:9092"));
    }

    private static FieldSpec topicsDoc(FieldSpec f, boolean offsets) {
        return f.description("Topics to consume. An entry may list several topics separated by commas. "
                        + "A topic may name explicit partitions after a colon: `orders:0` is partition 0 of orders and `orders:0-3` partitions 0 to 3; "
                        + "explicit partitions are assigned to this consumer directly rather than balanced across a consumer group."
                        + (offsets ? " A third part sets the offset to start from, e.g. `orders:0:120`." : ""))
                .example(List.of("orders", "refunds"), List.of("orders,refunds"), List.of("orders:0", "refunds:1", "refunds:3"), List.of("orders:0-5"));
    }

    private static FieldSpec autoReplayNacks() {
        return ConnectorFields.autoReplayNacks("Deliver rejected messages again until they are accepted, keeping their offsets uncommitted meanwhile. "
                        + "When false, rejected messages are dropped and their offsets committed.");
    }

    private static FieldSpec checkpointLimit() {
        return integer("checkpoint_limit").defaultValue(1024)
                .description("How many messages of one partition may be in flight at once. Offsets are committed only up to the oldest "
                        + "message not yet acknowledged, so a lower limit means fewer duplicates after a crash; 1 processes each "
                        + "partition strictly in order.");
    }

    private static FieldSpec multiHeader() {
        return bool("multi_header").defaultValue(false).advanced()
                .description("Keep every value of a repeated header as a list in metadata, instead of the last one.");
    }

    // ---- inputs ----

    static ComponentSpec kafkaInput() {
        return ComponentSpec.input("kafka")
                .categories("Services")
                .summary("Connects to Kafka brokers and consumes one or more topics.")
                .description("""
                        Offsets are stored in Kafka under the consumer group, and partitions are balanced across the members of the group. \
                        A message's offset is committed only after it and every earlier message of its partition were acknowledged by the output.

                        Messages of one partition may be processed in parallel up to `checkpoint_limit`; set it to 1 for strictly ordered processing.

                        """ + METADATA_DOC.formatted("- kafka_lag\n"))
                .fields(
                        brokers("addresses"),
                        topicsDoc(stringList("topics"), false),
                        string("target_version").optional().advanced()
                                .description("Accepted for compatibility; the client negotiates the protocol version with the brokers."),
                        ConnectorFields.tls(),
                        saslObject(),
                        string("consumer_group").defaultValue("")
                                .description("The consumer group to join and store offsets under. Required for topics without explicit partitions."),
                        string("client_id").defaultValue(DEFAULT_CLIENT_ID).advanced().description("The client id the brokers see, e.g. in their logs and quotas."),
                        string("instance_id").optional().advanced()
                                .description("A static group membership identifier: a restarted member with the same id gets its partitions back without a rebalance."),
                        string("rack_id").defaultValue("").advanced().description("A rack identifier for this client, for fetching from the closest replica."),
                        bool("start_from_oldest").defaultValue(true).advanced()
                                .description("Start from the oldest available offset when the group has no stored offset, otherwise from the newest."),
                        checkpointLimit(),
                        autoReplayNacks(),
                        string("timely_nacks_maximum_wait").optional().advanced().description("Accepted for compatibility; has no effect."),
                        duration("commit_period").defaultValue("1s").advanced()
                                .description("How often acknowledged offsets are committed. They are always committed on shutdown and rebalance."),
                        duration("max_processing_period").defaultValue("100ms").advanced()
                                .description("Accepted for compatibility; has no effect."),
                        string("extract_tracing_map").optional().advanced().description("Accepted for compatibility; has no effect."),
                        object("group",
                                duration("session_timeout").defaultValue("10s").description("How long the group waits for heartbeats before removing a member."),
                                duration("heartbeat_interval").defaultValue("3s").description("How often heartbeats are sent."),
                                duration("rebalance_timeout").defaultValue("60s").description("How long a rebalance may take."))
                                .advanced().description("Consumer group tuning."),
                        integer("fetch_buffer_cap").defaultValue(256).advanced()
                                .description("The most records fetched per poll of the brokers."),
                        multiHeader(),
                        ConnectorFields.batching().description("Batches messages of one partition before processing; offsets stay ordered."))
                .example("Consume a topic as a group", "Every copy of this stream joins `order-audit`; the partitions of `orders` are shared among them.",
                        """
                        input:
                          kafka:
                            addresses: [ localhost:9092 ]
                            topics: [ orders ]
                            consumer_group: order-audit
                        """);
    }

    static ComponentSpec franzInput() {
        return ComponentSpec.input("kafka_franz")
                .status(ComponentSpec.Status.BETA)
                .categories("Services")
                .summary("Consumes one or more Kafka topics, balanced across a consumer group or with explicit partitions.")
                .description("""
                        With a consumer group, partitions are balanced across the group's members and offsets are committed under it. \
                        Without one, every partition of the topics is consumed (or the explicit ones) and no offset is stored.

                        """ + METADATA_DOC.formatted(""))
                .fields(
                        brokers("seed_brokers"),
                        topicsDoc(stringList("topics").optional(), true),
                        bool("regexp_topics").defaultValue(false).advanced()
                                .description("Read the entries of `topics` as regular expressions matched against topic names."),
                        stringList("regexp_topics_include").optional().advanced()
                                .description("Regular expressions of topic names to consume."),
                        stringList("regexp_topics_exclude").optional().advanced()
                                .description("Regular expressions of topic names not to consume, applied after the includes."),
                        string("transaction_isolation_level").defaultValue("read_uncommitted").options("read_uncommitted", "read_committed").advanced()
                                .description("Whether records of open or aborted transactions are delivered."),
                        string("consumer_group").optional().description("The consumer group to join and commit offsets under."),
                        string("client_id").defaultValue(DEFAULT_CLIENT_ID).advanced().description("The client id the brokers see, e.g. in their logs and quotas."),
                        string("rack_id").defaultValue("").advanced().description("A rack identifier for this client, for fetching from the closest replica."),
                        string("instance_id").optional().advanced().description("A static group membership identifier."),
                        duration("rebalance_timeout").defaultValue("45s").advanced().description("How long a rebalance may take."),
                        duration("session_timeout").defaultValue("1m").advanced().description("How long the group waits for heartbeats before removing a member."),
                        duration("heartbeat_interval").defaultValue("3s").advanced().description("How often heartbeats are sent."),
                        duration("heartbeat_period").optional().advanced().description("Older name of heartbeat_interval."),
                        string("start_offset").optional().options("earliest", "latest", "committed").advanced()
                                .description("Where to start when the group has no committed offset: the oldest record, the newest, "
                                        + "or nowhere (`committed` fails until an offset exists). Overrides start_from_oldest."),
                        bool("start_from_oldest").defaultValue(true).advanced()
                                .description("Older switch: start from the oldest offset when no offset is committed, otherwise the newest."),
                        string("fetch_max_bytes").defaultValue("50MiB").advanced().description("The most bytes fetched per request."),
                        duration("fetch_max_wait").defaultValue("5s").advanced().description("How long the broker may wait to fill fetch_min_bytes."),
                        string("fetch_min_bytes").defaultValue("1B").advanced().description("The least bytes the broker gathers before answering a fetch."),
                        string("fetch_max_partition_bytes").defaultValue("1MiB").advanced().description("The most bytes fetched per partition and request."),
                        checkpointLimit(),
                        autoReplayNacks(),
                        duration("commit_period").defaultValue("5s").advanced()
                                .description("How often acknowledged offsets are committed. They are always committed on shutdown and rebalance."),
                        multiHeader(),
                        ConnectorFields.batching().description("Batches messages of one partition before processing; offsets stay ordered."),
                        duration("metadata_max_age").defaultValue("5m").advanced().description("How long cluster metadata is cached before it is refreshed."),
                        duration("request_timeout_overhead").defaultValue("10s").advanced().description("Accepted for compatibility; has no effect."),
                        duration("conn_idle_timeout").defaultValue("20s").advanced().description("How long an idle connection is kept open."),
                        any("tcp").optional().advanced().description("Accepted for compatibility; has no effect."),
                        ConnectorFields.tls(),
                        saslList())
                .example("Consume explicit partitions", "Reads partitions 0 to 3 of `orders` directly, without a consumer group.",
                        """
                        input:
                          kafka_franz:
                            seed_brokers: [ localhost:9092 ]
                            topics: [ "orders:0-3" ]
                        """);
    }

    // ---- outputs ----

    static ComponentSpec kafkaOutput() {
        return ComponentSpec.output("kafka")
                .categories("Services")
                .summary("Writes batches of messages to Kafka and waits for the brokers to acknowledge them before the input is acknowledged.")
                .description("""
                        `topic`, `key` and `partition` are interpolated per message. All metadata except the excluded prefixes is sent as \
                        record headers, together with `static_headers`.

                        For strict ordering per partition, set `max_in_flight` to 1 and `retry_as_batch` to true.""")
                .fields(
                        brokers("addresses"),
                        ConnectorFields.tls(),
                        saslObject(),
                        string("topic").interpolated().description("The topic to write to.").example("events", "${! meta(\"kafka_topic\") }"),
                        string("client_id").defaultValue(DEFAULT_CLIENT_ID).advanced().description("The client id the brokers see, e.g. in their logs and quotas."),
                        string("target_version").optional().advanced()
                                .description("Accepted for compatibility; the client negotiates the protocol version with the brokers."),
                        string("rack_id").defaultValue("").advanced().description("Accepted for compatibility; producers do not use a rack."),
                        string("key").interpolated().defaultValue("").description("The record key; empty means no key."),
                        string("partitioner").defaultValue("fnv1a_hash").options("fnv1a_hash", "murmur2_hash", "random", "round_robin", "manual")
                                .description("How a partition is chosen: a hash of the key (FNV-1a, or murmur2 as Java clients do), at random, "
                                        + "in turn, or from `partition`. Records without a key are spread by the client's sticky partitioner under the hash partitioners."),
                        string("partition").interpolated().defaultValue("").advanced()
                                .description("The partition to write to when `partitioner` is `manual`; must render an integer."),
                        object("custom_topic_creation",
                                bool("enabled").defaultValue(false).description("Create missing topics with the settings below."),
                                integer("partitions").defaultValue(-1).description("Partitions of a created topic; -1 for the broker default."),
                                integer("replication_factor").defaultValue(-1).description("Replication factor of a created topic; -1 for the broker default."))
                                .optional().advanced().description("Creates topics that do not exist yet before writing to them."),
                        string("compression").defaultValue("none").options("none", "snappy", "lz4", "gzip", "zstd").description("The compression codec."),
                        stringMap("static_headers").optional().description("Headers added to every record.")
                                .example(Map.of("first-static-header", "value-1")),
                        ConnectorFields.metadataExclude("Metadata keys with these prefixes are not sent.")
                                .description("Which metadata is sent as record headers."),
                        string("inject_tracing_map").optional().advanced().description("Accepted for compatibility; has no effect."),
                        ConnectorFields.maxInFlight(64, "the brokers"),
                        bool("ack_replicas").defaultValue(false).advanced()
                                .description("Wait until every in-sync replica has the message (acks=all) instead of the leader only."),
                        integer("max_msg_bytes").defaultValue(1000000).advanced().description("The largest request the client sends, in bytes."),
                        duration("timeout").defaultValue("5s").advanced().description("How long a send may take before it is abandoned and retried."),
                        bool("retry_as_batch").defaultValue(false).advanced()
                                .description("Retry the whole batch when any message of it failed, rather than only the failed messages."),
                        ConnectorFields.batching(),
                        integer("max_retries").defaultValue(0).advanced().description("How many times a failed send is retried; 0 for no limit other than the backoff's."),
                        object("backoff",
                                duration("initial_interval").defaultValue("3s").description("The first wait before a retry."),
                                duration("max_interval").defaultValue("10s").description("The longest wait between retries."),
                                duration("max_elapsed_time").defaultValue("30s").description("How long to retry before giving up; 0s for no limit."))
                                .advanced().description("Waits between retries of a failed send."))
                .example("Write with a key", "Copies each message to `audit` under the key it was read with, so that one key stays in one partition.",
                        """
                        output:
                          kafka:
                            addresses: [ localhost:9092 ]
                            topic: audit
                            key: ${! meta("kafka_key") }
                        """);
    }

    static ComponentSpec franzOutput() {
        return ComponentSpec.output("kafka_franz")
                .status(ComponentSpec.Status.BETA)
                .categories("Services")
                .summary("Writes batches of messages to Kafka and waits for the brokers to acknowledge them before the input is acknowledged.")
                .description("`topic`, `key`, `partition` and `timestamp_ms` are interpolated per message. Only metadata matching "
                        + "`metadata.include_prefixes` or `metadata.include_patterns` is sent as record headers.")
                .fields(
                        brokers("seed_brokers"),
                        string("topic").interpolated().description("The topic to write to."),
                        string("key").interpolated().optional().description("The record key."),
                        string("partitioner").optional().options("murmur2_hash", "round_robin", "least_backup", "manual").advanced()
                                .description("How a partition is chosen. By default keyed records are hashed with murmur2 and others "
                                        + "spread by the client's sticky partitioner; `least_backup` also uses the latter."),
                        string("partition").interpolated().optional()
                                .description("The partition to write to, which implies the `manual` partitioner; must render an integer.")
                                .example("${! meta(\"partition\") }"),
                        string("client_id").defaultValue(DEFAULT_CLIENT_ID).advanced().description("The client id the brokers see, e.g. in their logs and quotas."),
                        string("rack_id").defaultValue("").advanced().description("Accepted for compatibility; producers do not use a rack."),
                        bool("idempotent_write").defaultValue(true).advanced()
                                .description("Write idempotently, so a retried send is never stored twice. Needs the IDEMPOTENT_WRITE permission on older clusters."),
                        ConnectorFields.metadataInclude("metadata", "Which metadata is sent as record headers; none by default.").optional(),
                        string("timestamp").interpolated().optional().advanced().description("Older field: the record timestamp in Unix seconds."),
                        string("timestamp_ms").interpolated().optional().advanced().description("The record timestamp in Unix milliseconds; the current time when unset."),
                        ConnectorFields.maxInFlight(10, "the brokers"),
                        duration("timeout").defaultValue("10s").advanced().description("How long a send may take before it is abandoned."),
                        ConnectorFields.batching(),
                        string("max_message_bytes").defaultValue("1MB").advanced().description("The largest request the client sends.").example("100MB", "50mib"),
                        string("broker_write_max_bytes").defaultValue("100MiB").advanced().description("Accepted for compatibility; has no effect."),
                        string("compression").optional().options("lz4", "snappy", "gzip", "none", "zstd").advanced().description("The compression codec; none by default."),
                        duration("metadata_max_age").defaultValue("5m").advanced().description("How long cluster metadata is cached before it is refreshed."),
                        duration("request_timeout_overhead").defaultValue("10s").advanced().description("Accepted for compatibility; has no effect."),
                        duration("conn_idle_timeout").defaultValue("20s").advanced().description("How long an idle connection is kept open."),
                        any("tcp").optional().advanced().description("Accepted for compatibility; has no effect."),
                        ConnectorFields.tls(),
                        saslList());
    }
}
