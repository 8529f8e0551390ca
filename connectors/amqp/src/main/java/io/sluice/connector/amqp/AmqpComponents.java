package io.sluice.connector.amqp;

import io.sluice.core.regex.Regex;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;
import io.sluice.core.tls.TlsSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registers {@code amqp_0_9} and {@code amqp_1}, input and output. */
public final class AmqpComponents implements ComponentProvider {

    private static FieldSpec urls09() {
        return FieldSpec.stringList("urls")
                .description("A list of URLs to connect to. The first URL to successfully establish a connection will be used until the connection is closed. If an item of the list contains commas it will be expanded into multiple URLs.")
                .example(List.of("amqp://guest:guest@127.0.0.1:5672/"), List.of("amqp://127.0.0.1:5672/,amqp://127.0.0.2:5672/"));
    }

    private static FieldSpec metadataFilter(String what) {
        return FieldSpec.object("metadata",
                        FieldSpec.stringList("exclude_prefixes").defaultValue(List.of())
                                .description("Provide a list of explicit metadata key prefixes to be excluded when adding metadata to sent messages."))
                .description("Specify criteria for which metadata values are attached to messages as " + what + ".");
    }

    private static FieldSpec maxInFlight() {
        return FieldSpec.integer("max_in_flight").defaultValue(64)
                .description("The maximum number of messages to have in flight at a given time. Increase this to improve throughput.");
    }

    static ComponentSpec amqp09InputSpec() {
        return ComponentSpec.input("amqp_0_9").categories("Services")
                .summary("Connects to an AMQP (0.91) queue. AMQP is a messaging protocol used by various message brokers, including RabbitMQ.")
                .description("""
                        TLS is automatic when connecting to an `amqps` URL, but custom settings can be enabled in the `tls` section.

                        ### Metadata

                        This input adds the following metadata fields to each message: amqp_content_type, amqp_content_encoding, amqp_delivery_mode, amqp_priority, amqp_correlation_id, amqp_reply_to, amqp_expiration, amqp_message_id, amqp_timestamp, amqp_type, amqp_user_id, amqp_app_id, amqp_consumer_tag, amqp_delivery_tag, amqp_redelivered, amqp_exchange, amqp_routing_key, and all message headers (nested headers prefixed with the key of their parent, `-` written as `_`).

                        A message is acknowledged after the output accepted it; when the output rejects it, it is nacked and requeued (or dropped when the error matches `nack_reject_patterns`).""")
                .fields(
                        urls09(),
                        FieldSpec.string("queue").description("An AMQP queue to consume from."),
                        FieldSpec.object("queue_declare",
                                        FieldSpec.bool("enabled").defaultValue(false).description("Whether to enable queue declaration."),
                                        FieldSpec.bool("durable").defaultValue(true).description("Whether the declared queue is durable."),
                                        FieldSpec.bool("auto_delete").defaultValue(false).description("Whether the declared queue will auto-delete."),
                                        FieldSpec.stringMap("arguments").optional().advanced()
                                                .description("Optional arguments for the declared queue, e.g. `x-queue-type: quorum`. Numeric values are sent as numbers."))
                                .advanced().optional()
                                .description("Allows you to passively declare the target queue. If the queue already exists then the declaration passively verifies that they match the target fields."),
                        FieldSpec.objectList("bindings_declare",
                                        FieldSpec.string("exchange").defaultValue("").description("The exchange of the declared binding."),
                                        FieldSpec.string("key").defaultValue("").description("The key of the declared binding."))
                                .advanced().optional().example(List.of(Map.of("exchange", "foo", "key", "bar")))
                                .description("Allows you to passively declare bindings for the target queue."),
                        FieldSpec.string("consumer_tag").defaultValue("").description("A consumer tag."),
                        FieldSpec.bool("auto_ack").defaultValue(false).advanced()
                                .description("Acknowledge messages automatically as they are consumed rather than waiting for acknowledgments from downstream. This can improve throughput and prevent the pipeline from blocking but at the cost of eliminating delivery guarantees."),
                        FieldSpec.stringList("nack_reject_patterns").defaultValue(List.of()).regex().advanced().example(List.of("^reject me please:.+$"))
                                .description("A list of regular expression patterns whereby if a message that has failed to be delivered has an error that matches it will be dropped (or delivered to a dead-letter queue if one exists). By default failed messages are nacked with requeue enabled."),
                        FieldSpec.integer("prefetch_count").defaultValue(10).description("The maximum number of pending messages to have consumed at a time."),
                        FieldSpec.integer("prefetch_size").defaultValue(0).advanced()
                                .description("The maximum amount of pending messages measured in bytes to have consumed at a time."),
                        TlsSpec.field());
    }

    static ComponentSpec amqp09OutputSpec() {
        return ComponentSpec.output("amqp_0_9").categories("Services")
                .summary("Sends messages to an AMQP (0.91) exchange. AMQP is a messaging protocol used by various message brokers, including RabbitMQ.")
                .description("""
                        The metadata from each message are delivered as headers (`_` in keys written as `-`).

                        It's possible for this output type to create the target exchange by setting `exchange_declare.enabled` to `true`, if the exchange already exists then the declaration passively verifies that the settings match.

                        TLS is automatic when connecting to an `amqps` URL, but custom settings can be enabled in the `tls` section.

                        The fields 'key', 'exchange' and 'type' can be dynamically set using function interpolations. A write returns once the broker confirmed every message (publisher confirms).""")
                .fields(
                        urls09(),
                        FieldSpec.string("exchange").interpolated().description("An AMQP exchange to publish to."),
                        FieldSpec.object("exchange_declare",
                                        FieldSpec.bool("enabled").defaultValue(false).description("Whether to declare the exchange."),
                                        FieldSpec.string("type").defaultValue("direct").options("direct", "fanout", "topic", "headers", "x-custom")
                                                .description("The type of the exchange."),
                                        FieldSpec.bool("durable").defaultValue(true).description("Whether the exchange should be durable."),
                                        FieldSpec.stringMap("arguments").optional().advanced().example(Map.of("alternate-exchange", "my-ae"))
                                                .description("Optional arguments specific to the server's exchange implementation."))
                                .advanced().optional().description("Optionally declare the target exchange (passive)."),
                        FieldSpec.string("key").interpolated().defaultValue("").description("The binding key to set for each message."),
                        FieldSpec.string("type").interpolated().defaultValue("").description("The type property to set for each message."),
                        FieldSpec.string("content_type").interpolated().defaultValue("application/octet-stream").advanced()
                                .description("The content type attribute to set for each message."),
                        FieldSpec.string("content_encoding").interpolated().defaultValue("").advanced()
                                .description("The content encoding attribute to set for each message."),
                        FieldSpec.string("correlation_id").interpolated().defaultValue("").advanced().description("Set the correlation ID of each message."),
                        FieldSpec.string("reply_to").interpolated().defaultValue("").advanced().description("Carries response queue name."),
                        FieldSpec.string("expiration").interpolated().defaultValue("").advanced().description("Set the per-message TTL (milliseconds)."),
                        FieldSpec.string("message_id").interpolated().defaultValue("").advanced().description("Set the message ID of each message."),
                        FieldSpec.string("user_id").interpolated().defaultValue("").advanced()
                                .description("Set the user ID to the name of the publisher. If this property is set by a publisher, its value must be equal to the name of the user used to open the connection."),
                        FieldSpec.string("app_id").interpolated().defaultValue("").advanced().description("Set the application ID of each message."),
                        metadataFilter("headers"),
                        FieldSpec.string("priority").interpolated().defaultValue("").advanced().example("0", "${! meta(\"amqp_priority\") }")
                                .description("Set the priority of each message (0 to 9)."),
                        maxInFlight(),
                        FieldSpec.bool("persistent").defaultValue(false).advanced()
                                .description("Whether message delivery should be persistent (transient by default)."),
                        FieldSpec.bool("mandatory").defaultValue(false).advanced()
                                .description("Whether to set the mandatory flag on published messages. When set if a published message is routed to zero queues it is returned, and the write fails."),
                        FieldSpec.bool("immediate").defaultValue(false).advanced()
                                .description("Whether to set the immediate flag on published messages. When set if there are no ready consumers of a queue then the message is dropped instead of waiting. (RabbitMQ does not support it.)"),
                        FieldSpec.string("timeout").defaultValue("").advanced().example("10s")
                                .description("The maximum period to wait for a publisher confirm before abandoning it and reattempting. If not set, wait indefinitely."),
                        TlsSpec.field());
    }

    private static List<FieldSpec> amqp1Common() {
        return List.of(
                FieldSpec.string("url").optional().deprecated().example("amqp://localhost:5672/", "amqps://guest:guest@localhost:5672/")
                        .description("A URL to connect to."),
                FieldSpec.stringList("urls").optional()
                        .description("A list of URLs to connect to. The first URL to successfully establish a connection will be used until the connection is closed. If an item of the list contains commas it will be expanded into multiple URLs.")
                        .example(List.of("amqp://guest:guest@127.0.0.1:5672/")),
                TlsSpec.field(),
                Amqp1Connections.saslSpec());
    }

    static ComponentSpec amqp1InputSpec() {
        List<FieldSpec> fields = new ArrayList<>(amqp1Common());
        fields.add(FieldSpec.string("source_address").example("/foo", "queue:/bar", "topic:/baz").description("The source address to consume from."));
        fields.add(FieldSpec.bool("azure_renew_lock").defaultValue(false).advanced()
                .description("Experimental: Azure service bus specific option to renew lock if processing takes more then configured lock time. Not supported by Sluice: accepted, and a warning is logged when set."));
        fields.add(FieldSpec.bool("read_header").defaultValue(false).advanced()
                .description("Read additional message header fields into `amqp_*` metadata properties."));
        fields.add(FieldSpec.integer("credit").defaultValue(64).advanced()
                .description("Specifies the maximum number of unacknowledged messages the sender can transmit. Once this limit is reached, no more messages will arrive until messages are acknowledged and settled."));
        fields.add(FieldSpec.stringList("source_capabilities").optional().advanced().example(List.of("queue"))
                .description("List of extension capabilities the receiver desires."));
        return ComponentSpec.input("amqp_1").categories("Services")
                .summary("Reads messages from an AMQP (1.0) server.")
                .description("""
                        ### Metadata

                        This input adds the following metadata fields to each message: amqp_content_type, amqp_content_encoding, amqp_creation_time, all string typed message annotations, and (Sluice) every application property under its own key. With `read_header: true` also amqp_durable, amqp_priority, amqp_ttl, amqp_first_acquirer and amqp_delivery_count.

                        A delivery is accepted after the output took it, and settled as modified (delivery failed) when the output rejected it, so the broker redelivers it.""")
                .fields(fields.toArray(FieldSpec[]::new));
    }

    static ComponentSpec amqp1OutputSpec() {
        List<FieldSpec> fields = new ArrayList<>(amqp1Common());
        fields.add(FieldSpec.string("target_address").example("/foo", "queue:/bar", "topic:/baz").description("The target address to write to."));
        fields.add(maxInFlight());
        fields.add(FieldSpec.bloblang("application_properties_map").optional().advanced()
                .description("An optional Bloblang mapping that can be defined in order to set the `application-properties` on output messages. Without it, Sluice writes the (filtered) metadata as application properties."));
        fields.add(metadataFilter("message annotations"));
        fields.add(FieldSpec.bool("persistent").defaultValue(false).advanced()
                .description("Whether message delivery should be persistent (transient by default)."));
        fields.add(FieldSpec.stringList("target_capabilities").optional().advanced().example(List.of("queue"))
                .description("List of extension capabilities the sender desires."));
        fields.add(FieldSpec.string("message_properties_to").optional().advanced().example("amqp://localhost:5672/")
                .description("Identifies the node that is the intended destination of the message."));
        return ComponentSpec.output("amqp_1").categories("Services")
                .summary("Sends messages to an AMQP (1.0) server.")
                .description("""
                        ### Metadata

                        Message metadata is added to each AMQP message as string annotations. In order to control which metadata keys are added use the `metadata` config field.

                        A write returns once the broker accepted every message of the batch.""")
                .fields(fields.toArray(FieldSpec[]::new));
    }

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(amqp09InputSpec(), (conf, ctx) -> {
            List<String> urls = Amqp09Connections.urls(conf, "urls");
            if (!conf.isSet("queue")) throw new ConfigException(conf.position(), conf.path() + ".queue", "field 'queue' is required");
            Conf qd = conf.child("queue_declare");
            Amqp09Input.QueueDeclare declare = new Amqp09Input.QueueDeclare(qd.bool("enabled"), qd.bool("durable"), qd.bool("auto_delete"),
                    arguments(qd, "arguments"));
            List<Amqp09Input.Binding> bindings = new ArrayList<>();
            for (Conf b : conf.list("bindings_declare")) bindings.add(new Amqp09Input.Binding(b.string("exchange"), b.string("key")));
            List<Regex> patterns = new ArrayList<>();
            for (Conf p : conf.list("nack_reject_patterns")) {
                try {
                    patterns.add(Regex.compile(p.asString()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(p.position(), p.path(), "invalid regular expression: " + e.getMessage());
                }
            }
            int prefetchCount = conf.integer("prefetch_count");
            if (prefetchCount < 0 || prefetchCount > 65535) {
                throw new ConfigException(conf.child("prefetch_count").position(), conf.child("prefetch_count").path(), "prefetch_count must be between 0 and 65535");
            }
            Amqp09Connections conns = new Amqp09Connections(urls, Tls.from(conf), "sluice " + ctx.streamName() + " " + ctx.path(), ctx.log());
            return new Amqp09Input(conns, conf.string("queue"), declare, bindings, conf.string("consumer_tag"), conf.bool("auto_ack"),
                    patterns, prefetchCount, conf.integer("prefetch_size"), ctx.log());
        });

        registry.register(amqp09OutputSpec(), (conf, ctx) -> {
            List<String> urls = Amqp09Connections.urls(conf, "urls");
            if (!conf.isSet("exchange")) throw new ConfigException(conf.position(), conf.path() + ".exchange", "field 'exchange' is required");
            Amqp09Output.Fields fields = new Amqp09Output.Fields(conf.interpolation("exchange"), conf.interpolation("key"),
                    conf.interpolation("type"), conf.interpolation("content_type"), conf.interpolation("content_encoding"),
                    conf.interpolation("correlation_id"), conf.interpolation("reply_to"), conf.interpolation("expiration"),
                    conf.interpolation("message_id"), conf.interpolation("user_id"), conf.interpolation("app_id"), conf.interpolation("priority"));
            Conf ed = conf.child("exchange_declare");
            Amqp09Output.ExchangeDeclare declare = new Amqp09Output.ExchangeDeclare(ed.bool("enabled"), ed.string("type"), ed.bool("durable"),
                    arguments(ed, "arguments"));
            Duration timeout = Duration.ZERO;
            String t = conf.string("timeout");
            if (t != null && !t.isBlank()) {
                try {
                    timeout = Durations.parse(t);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(conf.child("timeout").position(), conf.child("timeout").path(), e.getMessage());
                }
            }
            Interpolation priority = fields.priority();
            if (priority.isStatic() && !priority.render(new io.sluice.core.message.Batch(), 0).isBlank()) {
                String p = priority.render(new io.sluice.core.message.Batch(), 0).trim();
                if (!p.matches("[0-9]")) throw new ConfigException(conf.child("priority").position(), conf.child("priority").path(), "priority must be between 0 and 9, got '" + p + "'");
            }
            Amqp09Connections conns = new Amqp09Connections(urls, Tls.from(conf), "sluice " + ctx.streamName() + " " + ctx.path(), ctx.log());
            return new Amqp09Output(conns, fields, declare, conf.child("metadata").stringList("exclude_prefixes"), conf.bool("persistent"),
                    conf.bool("mandatory"), conf.bool("immediate"), timeout, Math.max(1, conf.integer("max_in_flight")), ctx.log());
        });

        registry.register(amqp1InputSpec(), (conf, ctx) -> {
            List<Amqp1Connections.Target> targets = Amqp1Connections.targets(conf);
            if (!conf.isSet("source_address")) throw new ConfigException(conf.position(), conf.path() + ".source_address", "field 'source_address' is required");
            int credit = conf.integer("credit");
            if (credit < 1) throw new ConfigException(conf.child("credit").position(), conf.child("credit").path(), "credit must be at least 1");
            if (conf.bool("azure_renew_lock")) {
                ctx.log().warn("azure_renew_lock is not supported by Sluice; message locks will not be renewed");
            }
            Amqp1Connections conns = new Amqp1Connections(targets, Amqp1Connections.sasl(conf), Tls.from(conf), ctx.log());
            return new Amqp1Input(conns, conf.string("source_address"), credit, conf.bool("read_header"),
                    conf.isSet("source_capabilities") ? conf.stringList("source_capabilities") : List.of(), ctx.log());
        });

        registry.register(amqp1OutputSpec(), (conf, ctx) -> {
            List<Amqp1Connections.Target> targets = Amqp1Connections.targets(conf);
            Mapping props = conf.isSet("application_properties_map") ? conf.mapping("application_properties_map") : null;
            Amqp1Connections conns = new Amqp1Connections(targets, Amqp1Connections.sasl(conf), Tls.from(conf), ctx.log());
            return new Amqp1Output(conns, conf.string("target_address") == null ? "" : conf.string("target_address"), props,
                    conf.child("metadata").stringList("exclude_prefixes"), conf.bool("persistent"),
                    conf.isSet("target_capabilities") ? conf.stringList("target_capabilities") : List.of(),
                    conf.isSet("message_properties_to") ? conf.string("message_properties_to") : null,
                    Math.max(1, conf.integer("max_in_flight")), ctx.log());
        });
    }

    /** A string map of declare arguments; values that read as integers are sent as numbers (e.g. x-max-length). */
    private static Map<String, Object> arguments(Conf parent, String field) {
        if (!parent.isSet(field)) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        parent.stringMap(field).forEach((k, v) -> {
            if (v != null && v.matches("-?\\d{1,18}")) out.put(k, Long.parseLong(v)); else out.put(k, v);
        });
        return out;
    }
}
