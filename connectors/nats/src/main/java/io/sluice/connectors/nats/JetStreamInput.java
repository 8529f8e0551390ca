package io.sluice.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nats_jetstream} input: a JetStream consumer with explicit acks. A message is acked only
 * after the output accepted it and nak'ed when the output rejected it, so JetStream redelivers it.
 * Push consumers are used unless {@code bind} names an existing pull consumer.
 */
final class JetStreamInput implements Input {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(NatsConnector.headFields());
        fields.add(FieldSpec.string("queue").optional().description("A deliver group: the members of the group share the consumer's messages."));
        fields.add(FieldSpec.string("subject").optional()
                .description("The subject to consume; `*` and `>` wildcards are allowed. Required unless `bind` is true.")
                .example("orders.created", "orders.*.eu", "telemetry.>"));
        fields.add(FieldSpec.string("durable").optional().description("A durable consumer name: the server remembers what was acknowledged, so a restart goes on where it stopped. "
                        + "Without it the consumer is ephemeral and a restart begins again according to `deliver`."));
        fields.add(FieldSpec.string("stream").optional().description("The stream to consume. Needed with `bind`, with `create_stream`, and for streams mirrored from another JetStream domain, whose name cannot be found from the subject."));
        fields.add(FieldSpec.bool("bind").optional().description("Attach to an existing consumer, named by `durable` in `stream`, instead of creating one. It may be a push or a pull consumer."));
        fields.add(FieldSpec.bool("create_stream").defaultValue(false).advanced()
                .description("Create `stream` (file storage, capturing `subject`) when it does not exist."));
        fields.add(FieldSpec.string("deliver").defaultValue("all").options("all", "last", "last_per_subject", "new")
                .description("Where a new consumer starts: `all` from the oldest message the stream holds, `last` from its newest message, "
                        + "`last_per_subject` from the newest message of each subject, `new` with the next message published. "
                        + "A durable consumer that already exists keeps its position."));
        fields.add(FieldSpec.duration("ack_wait").defaultValue("30s").advanced()
                .description("How long the server waits for an acknowledgement before it delivers the message again. Keep it above the time a message "
                        + "takes through the pipeline, or slow messages arrive twice.").example("10s", "2m"));
        fields.add(FieldSpec.integer("max_ack_pending").defaultValue(1024).advanced()
                .description("How many delivered but unacknowledged messages the server allows before it pauses delivery."));
        fields.addAll(NatsConnector.tailFields());
        fields.add(FieldSpec.bloblang("extract_tracing_map").optional().advanced()
                .description("Accepted for compatibility and not used yet: a mapping that would read trace context from a message."));
        return ComponentSpec.input("nats_jetstream")
                .summary("Consumes a NATS JetStream stream, acknowledging each message after the output has taken it.")
                .description("""
                        A message is acknowledged (`+ACK`) once the output has taken it and refused (`-NAK`) when the output \
                        rejected it, so that JetStream delivers it again; so does a message left unanswered for `ack_wait`.

                        ### Metadata

                        - nats_subject: the subject the message was published on
                        - nats_sequence_stream and nats_sequence_consumer: its sequence numbers in the stream and in the consumer
                        - nats_num_delivered: how many times it was delivered, this time included
                        - nats_num_pending: how many messages still wait for this consumer
                        - nats_domain: the JetStream domain, empty when there is none
                        - nats_timestamp_unix_nano: when the stream stored it
                        - every header of the message

                        """ + NatsConnector.connectionDocs())
                .categories("Services")
                .fields(fields.toArray(new FieldSpec[0]));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        return new JetStreamInput(conf, ctx);
    }

    private final ComponentContext ctx;
    private final NatsConnector connector;
    private final String queue;
    private final String configuredSubject;
    private final String durable;
    private final String stream;
    private final boolean bind;
    private final boolean createStream;
    private final DeliverPolicy deliver;
    private final Duration ackWait;
    private final int maxAckPending;
    private final Conf conf;

    private volatile Connection conn;
    private volatile JetStreamSubscription sub;
    private volatile boolean pull;
    private volatile boolean closed;
    private final ArrayDeque<Message> fetched = new ArrayDeque<>();

    JetStreamInput(Conf conf, ComponentContext ctx) throws Exception {
        this.conf = conf;
        this.ctx = ctx;
        this.connector = new NatsConnector(conf, ctx);
        this.queue = opt(conf, "queue");
        this.configuredSubject = opt(conf, "subject");
        this.durable = opt(conf, "durable");
        this.stream = opt(conf, "stream");
        this.bind = conf.isSet("bind") && conf.bool("bind");
        this.createStream = conf.bool("create_stream");
        this.deliver = switch (conf.string("deliver")) {
            case "last" -> DeliverPolicy.Last;
            case "last_per_subject" -> DeliverPolicy.LastPerSubject;
            case "new" -> DeliverPolicy.New;
            default -> DeliverPolicy.All;
        };
        this.ackWait = conf.duration("ack_wait");
        this.maxAckPending = conf.integer("max_ack_pending");
        if (bind) {
            if (stream == null && durable == null) throw conf.invalid("bind", "stream or durable is required when bind is true");
        } else if (configuredSubject == null) {
            throw conf.invalid("subject", "subject is required unless bind is true");
        }
        if (createStream && stream == null) throw conf.invalid("create_stream", "create_stream needs a stream name in 'stream'");
    }

    private static String opt(Conf c, String name) {
        String s = c.string(name);
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (conn != null && conn.getStatus() != Connection.Status.CLOSED && sub != null && sub.isActive()) return;
        disconnect();
        Connection c = connector.connect(null);
        try {
            this.sub = subscribe(c);
            this.conn = c;
            ctx.log().info("receiving nats jetstream messages from {}{}", configuredSubject != null ? "subject " + configuredSubject : "stream " + stream,
                    durable == null ? "" : " as durable " + durable);
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private JetStreamSubscription subscribe(Connection c) throws Exception {
        JetStream js = c.jetStream();
        JetStreamManagement jsm = c.jetStreamManagement();
        String subject = configuredSubject;
        if (createStream) ensureStream(jsm);
        boolean usePull = false;
        if (bind && stream != null && durable != null) {
            ConsumerInfo info;
            try {
                info = jsm.getConsumerInfo(stream, durable);
            } catch (JetStreamApiException e) {
                throw new IOException("nats_jetstream: cannot bind to consumer '" + durable + "' of stream '" + stream
                        + "' (fields 'stream', 'durable'): " + e.getErrorDescription() + " [" + e.getApiErrorCode() + "]", e);
            }
            ConsumerConfiguration cc = info.getConsumerConfiguration();
            if (subject == null) subject = cc.getDeliverSubject() != null ? cc.getDeliverSubject() : cc.getFilterSubject();
            usePull = cc.getDeliverSubject() == null;
        }
        this.pull = usePull;
        try {
            if (usePull) {
                return js.subscribe(subject, PullSubscribeOptions.bind(stream, durable));
            }
            PushSubscribeOptions.Builder pso = PushSubscribeOptions.builder();
            if (bind && stream != null && durable != null) {
                pso.stream(stream).durable(durable).bind(true);
            } else {
                ConsumerConfiguration.Builder cc = ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.Explicit)
                        .deliverPolicy(deliver);
                if (!ackWait.isZero()) cc.ackWait(ackWait);
                if (maxAckPending != 0) cc.maxAckPending(maxAckPending);
                if (durable != null) pso.durable(durable);
                if (stream != null) pso.stream(stream);
                if (bind && durable != null) pso.bind(true);
                pso.configuration(cc.build());
            }
            return queue == null ? js.subscribe(subject, pso.build()) : js.subscribe(subject, queue, pso.build());
        } catch (JetStreamApiException e) {
            throw new IOException("nats_jetstream: the server refused the consumer for subject '" + subject + "'"
                    + (stream == null ? "" : " on stream '" + stream + "'") + " (fields 'subject', 'stream', 'durable'): "
                    + e.getErrorDescription() + " [" + e.getApiErrorCode() + "]", e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            String hint = msg.contains("No matching streams") ? "no JetStream stream captures subject '" + subject + "' (field 'subject'); create one or set 'stream'"
                    : "cannot subscribe to '" + subject + "'";
            throw new IOException("nats_jetstream: " + hint + ": " + msg, e);
        }
    }

    private void ensureStream(JetStreamManagement jsm) throws Exception {
        try {
            jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) throw e;
            StreamConfiguration.Builder sc = StreamConfiguration.builder().name(stream);
            if (configuredSubject != null) sc.subjects(configuredSubject);
            jsm.addStream(sc.build());
            ctx.log().info("created jetstream stream {}", stream);
        }
    }

    private synchronized void disconnect() {
        Connection c = conn;
        conn = null;
        sub = null;
        synchronized (fetched) {
            fetched.clear();
        }
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) throw new InterruptedException("closed");
            JetStreamSubscription s = sub;
            Connection c = conn;
            if (s == null || c == null) throw new NotConnectedException("nats_jetstream: not connected");
            Message m;
            try {
                m = pull ? nextPulled(s) : s.nextMessage(Duration.ofMillis(250));
            } catch (IllegalStateException e) {
                if (closed) throw new InterruptedException("closed");
                disconnect();
                throw new NotConnectedException("nats_jetstream: subscription is no longer active: " + e.getMessage());
            }
            if (m != null && m.isJetStream()) return toTransaction(m);
            if (m != null && m.isStatusMessage()) {
                ctx.log().debug("nats_jetstream status: {}", m.getStatus());
                continue;
            }
            if (c.getStatus() == Connection.Status.CLOSED) {
                if (closed) throw new InterruptedException("closed");
                disconnect();
                throw new NotConnectedException("nats_jetstream: connection closed after reconnect attempts ran out");
            }
        }
    }

    private Message nextPulled(JetStreamSubscription s) throws InterruptedException {
        synchronized (fetched) {
            if (fetched.isEmpty()) fetched.addAll(s.fetch(64, Duration.ofMillis(500)));
            return fetched.poll();
        }
    }

    private Transaction toTransaction(Message m) {
        Part p = new Part(m.getData() == null ? new byte[0] : m.getData());
        p.setMeta("nats_subject", m.getSubject());
        try {
            NatsJetStreamMetaData md = m.metaData();
            p.setMeta("nats_sequence_stream", Long.toString(md.streamSequence()));
            p.setMeta("nats_sequence_consumer", Long.toString(md.consumerSequence()));
            p.setMeta("nats_num_delivered", Long.toString(md.deliveredCount()));
            p.setMeta("nats_num_pending", Long.toString(md.pendingCount()));
            p.setMeta("nats_domain", md.getDomain() == null ? "" : md.getDomain());
            ZonedDateTime ts = md.timestamp();
            if (ts != null) {
                Instant in = ts.toInstant();
                p.setMeta("nats_timestamp_unix_nano", Long.toString(in.getEpochSecond() * 1_000_000_000L + in.getNano()));
            }
        } catch (Exception e) {
            ctx.log().debug("nats_jetstream: message without jetstream metadata: {}", e.getMessage());
        }
        NatsInput.copyHeaders(m.getHeaders(), p.metadata());
        return new Transaction(Batch.of(p), err -> {
            try {
                if (err == null) m.ack(); else m.nak();
            } catch (Exception e) {
                ctx.log().warn("nats_jetstream: failed to {} message: {}", err == null ? "ack" : "nak", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
    }
}
