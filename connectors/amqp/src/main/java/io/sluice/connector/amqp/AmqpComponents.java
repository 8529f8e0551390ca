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
                .description("Broker URLs, tried in order on each connect; the first that answers is used until its connection drops. An entry may hold several URLs separated by commas.")
                .example(List.of("amqp://guest:guest@127.0.0.1:5672/"), List.of("amqp://127.0.0.1:5672/,amqp://127.0.0.2:5672/"));
    }

    private static FieldSpec metadataFilter(String what) {
        return FieldSpec.object("metadata",
                        FieldSpec.stringList("exclude_prefixes").defaultValue(List.of())
                                .description("Metadata keys starting with any of these prefixes are not sent."))
                .description("Which metadata is sent with each message, as " + what + ".");
    }

    private static FieldSpec maxInFlight() {
        return FieldSpec.integer("max_in_flight").defaultValue(64)
                .description("How many batches may wait for the broker's confirms at once. Raise it for throughput.");
    }

    static ComponentSpec amqp09InputSpec() {
        return ComponentSpec.input("amqp_0_9").categories("Services")
                .summary("Consumes a queue of an AMQP 0.9.1 broker such as RabbitMQ.")
                .description("""
                        Each message is acknowledged once the output has taken it. A message the output rejects is nacked and goes \
                        back to the queue, unless its error matches `nack_reject_patterns`: then it is rejected without requeue, and \
                        the broker drops it or routes it to the queue's dead-letter exchange.

                        An `amqps://` URL switches TLS on by itself; the `tls` object is only needed for custom certificates.

                        ### Metadata

                        amqp_content_type, amqp_content_encoding, amqp_delivery_mode, amqp_priority, amqp_correlation_id, \
                        amqp_reply_to, amqp_expiration, amqp_message_id, amqp_timestamp, amqp_type, amqp_user_id, amqp_app_id, \
                        amqp_consumer_tag, amqp_delivery_tag, amqp_redelivered, amqp_exchange, amqp_routing_key, and every header \
                        of the message. A nested header's key is prefixed with its parent's key, and `-` in keys becomes `_`.""")
                .fields(
                        urls09(),
                        FieldSpec.string("queue").description("The queue to consume."),
                        FieldSpec.object("queue_declare",
                                        FieldSpec.bool("enabled").defaultValue(false).description("Declare the queue when connecting."),
                                        FieldSpec.bool("durable").defaultValue(true).description("Declare the queue durable, so that it survives a broker restart."),
                                        FieldSpec.bool("auto_delete").defaultValue(false).description("Declare the queue auto-delete: the broker removes it when its last consumer leaves."),
                                        FieldSpec.stringMap("arguments").optional().advanced()
                                                .description("Extra queue arguments, e.g. `x-queue-type: quorum`. Values that read as integers are sent as numbers."))
                                .advanced().optional()
                                .description("Declares `queue` on each connect: the broker creates it if missing. If it exists with other settings (durable, auto-delete, arguments), the broker refuses and the connection attempt fails."),
                        FieldSpec.objectList("bindings_declare",
                                        FieldSpec.string("exchange").defaultValue("").description("The exchange to bind the queue to."),
                                        FieldSpec.string("key").defaultValue("").description("The routing key of the binding."))
                                .advanced().optional().example(List.of(Map.of("exchange", "orders", "key", "order.created")))
                                .description("Bindings of `queue` to exchanges, made on each connect. The exchanges must already exist."),
                        FieldSpec.string("consumer_tag").defaultValue("").description("The consumer tag to register with; empty lets the broker pick one."),
                        FieldSpec.bool("auto_ack").defaultValue(false).advanced()
                                .description("Let the broker consider each message delivered as soon as it is sent to Sluice. Faster, but a message is lost if the stream fails before the output has it."),
                        FieldSpec.stringList("nack_reject_patterns").defaultValue(List.of()).regex().advanced().example(List.of("^schema error:.*"))
                                .description("Regular expressions tested against the error of a message the output rejected. On a match the message is rejected without requeue (dead-lettered if the queue has a dead-letter exchange); otherwise, as by default, it is requeued."),
                        FieldSpec.integer("prefetch_count").defaultValue(10).description("How many unacknowledged messages the broker sends ahead (basic.qos prefetch count); 0 means no limit."),
                        FieldSpec.integer("prefetch_size").defaultValue(0).advanced()
                                .description("The same limit in bytes; 0 means no limit."),
                        TlsSpec.field());
    }

    static ComponentSpec amqp09OutputSpec() {
        return ComponentSpec.output("amqp_0_9").categories("Services")
                .summary("Publishes to an exchange of an AMQP 0.9.1 broker such as RabbitMQ.")
                .description("""
                        A write returns once the broker has confirmed every message of the batch (publisher confirms), so an \
                        acknowledged message is on the broker. Metadata goes out as headers, with `_` in keys written as `-`.

                        `exchange`, `key`, `type` and the message properties are interpolated per message. With \
                        `exchange_declare.enabled`, the exchange is declared before the first publish to it; a mismatch with an \
                        existing exchange fails the write. An `amqps://` URL switches TLS on by itself.""")
                .fields(
                        urls09(),
                        FieldSpec.string("exchange").interpolated().description("The exchange to publish to. The empty name is the default exchange, which routes by queue name."),
                        FieldSpec.object("exchange_declare",
                                        FieldSpec.bool("enabled").defaultValue(false).description("Declare the exchange before publishing to it."),
                                        FieldSpec.string("type").defaultValue("direct").options("direct", "fanout", "topic", "headers", "x-custom")
                                                .description("The exchange type to declare."),
                                        FieldSpec.bool("durable").defaultValue(true).description("Declare the exchange durable, so that it survives a broker restart."),
                                        FieldSpec.stringMap("arguments").optional().advanced().example(Map.of("alternate-exchange", "unrouted"))
                                                .description("Extra exchange arguments. Values that read as integers are sent as numbers."))
                                .advanced().optional().description("Declares the exchange: created if missing, refused by the broker if it exists with other settings."),
                        FieldSpec.string("key").interpolated().defaultValue("").description("The routing key of each message."),
                        FieldSpec.string("type").interpolated().defaultValue("").description("The `type` property of each message."),
                        FieldSpec.string("content_type").interpolated().defaultValue("application/octet-stream").advanced()
                                .description("The `content_type` property of each message."),
                        FieldSpec.string("content_encoding").interpolated().defaultValue("").advanced()
                                .description("The `content_encoding` property of each message."),
                        FieldSpec.string("correlation_id").interpolated().defaultValue("").advanced().description("The `correlation_id` property of each message."),
                        FieldSpec.string("reply_to").interpolated().defaultValue("").advanced().description("The `reply_to` property: the queue a reply should go to."),
                        FieldSpec.string("expiration").interpolated().defaultValue("").advanced().description("The `expiration` property: the message's time to live on the broker, in milliseconds."),
                        FieldSpec.string("message_id").interpolated().defaultValue("").advanced().description("The `message_id` property of each message."),
                        FieldSpec.string("user_id").interpolated().defaultValue("").advanced()
                                .description("The `user_id` property. RabbitMQ refuses a message whose user_id is not the user of the connection."),
                        FieldSpec.string("app_id").interpolated().defaultValue("").advanced().description("The `app_id` property of each message."),
                        metadataFilter("headers"),
                        FieldSpec.string("priority").interpolated().defaultValue("").advanced().example("5", "${! meta(\"amqp_priority\") }")
                                .description("The `priority` property, 0 to 9. Empty sends none."),
                        maxInFlight(),
                        FieldSpec.bool("persistent").defaultValue(false).advanced()
                                .description("Mark messages persistent, so that a durable queue keeps them across a broker restart."),
                        FieldSpec.bool("mandatory").defaultValue(false).advanced()
                                .description("Set the mandatory flag: a message that no queue receives comes back from the broker and the write fails, instead of vanishing."),
                        FieldSpec.bool("immediate").defaultValue(false).advanced()
                                .description("Set the immediate flag: drop a message when no consumer is ready for it. RabbitMQ does not support it."),
                        FieldSpec.string("timeout").defaultValue("").advanced().example("10s")
                                .description("How long a write waits for publisher confirms before it fails and the batch is retried. Empty waits without limit."),
                        TlsSpec.field());
    }

    private static List<FieldSpec> amqp1Common() {
        return List.of(
                FieldSpec.string("url").optional().deprecated().example("amqp://localhost:5672/", "amqps://guest:guest@localhost:5672/")
                        .description("One broker URL. Deprecated: use `urls`; ignored when `urls` is set."),
                FieldSpec.stringList("urls").optional()
                        .description("Broker URLs, tried in order on each connect; the first that answers is used until its connection drops. An entry may hold several URLs separated by commas.")
                        .example(List.of("amqp://guest:guest@127.0.0.1:5672/")),
                TlsSpec.field(),
                Amqp1Connections.saslSpec());
    }

    static ComponentSpec amqp1InputSpec() {
        List<FieldSpec> fields = new ArrayList<>(amqp1Common());
        fields.add(FieldSpec.string("source_address").example("orders", "queue:/orders", "topic:/audit").description("The address (queue or topic) to receive from."));
        fields.add(FieldSpec.bool("azure_renew_lock").defaultValue(false).advanced()
                .description("Azure Service Bus lock renewal. Not supported by Sluice: accepted, and a warning is logged when it is true."));
        fields.add(FieldSpec.bool("read_header").defaultValue(false).advanced()
                .description("Also copy the message header (durable, priority, ttl, first acquirer, delivery count) into `amqp_*` metadata."));
        fields.add(FieldSpec.integer("credit").defaultValue(64).advanced()
                .description("Link credit: how many unsettled messages the broker may send ahead. When they are all in flight, no more arrive until some are settled."));
        fields.add(FieldSpec.stringList("source_capabilities").optional().advanced().example(List.of("queue"))
                .description("Capabilities asked for on the receiving link, e.g. `queue` for brokers that need to know the address kind."));
        return ComponentSpec.input("amqp_1").categories("Services")
                .summary("Receives from a queue or topic of an AMQP 1.0 broker (ActiveMQ Artemis, Azure Service Bus, Qpid...).")
                .description("""
                        ### Metadata

                        amqp_content_type, amqp_content_encoding, amqp_creation_time, every message annotation whose value is \
                        a string, and every application property under its own key. With `read_header: true`, also amqp_durable, \
                        amqp_priority, amqp_ttl, amqp_first_acquirer and amqp_delivery_count.

                        A delivery is accepted once the output has taken it. When the output rejects it, it is settled as \
                        modified (delivery failed), so the broker delivers it again.""")
                .fields(fields.toArray(FieldSpec[]::new));
    }

    static ComponentSpec amqp1OutputSpec() {
        List<FieldSpec> fields = new ArrayList<>(amqp1Common());
        fields.add(FieldSpec.string("target_address").example("orders", "queue:/orders", "topic:/audit").description("The address (queue or topic) to send to."));
        fields.add(maxInFlight());
        fields.add(FieldSpec.bloblang("application_properties_map").optional().advanced()
                .description("A Bloblang mapping whose result (an object) becomes the message's application properties. Without it, the metadata kept by `metadata` is sent as application properties."));
        fields.add(metadataFilter("message annotations"));
        fields.add(FieldSpec.bool("persistent").defaultValue(false).advanced()
                .description("Mark messages persistent, so that a durable queue keeps them across a broker restart."));
        fields.add(FieldSpec.stringList("target_capabilities").optional().advanced().example(List.of("queue"))
                .description("Capabilities asked for on the sending link, e.g. `queue`."));
        fields.add(FieldSpec.string("message_properties_to").optional().advanced().example("amqp://localhost:5672/")
                .description("The `to` property of each message: the address the message is meant for."));
        return ComponentSpec.output("amqp_1").categories("Services")
                .summary("Sends to a queue or topic of an AMQP 1.0 broker.")
                .description("""
                        ### Metadata

                        A write returns once the broker has accepted every message of the batch. Metadata is sent as string \
                        message annotations; `metadata.exclude_prefixes` leaves keys out.""")
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
