package io.sluice.connectors.nats;

import io.sluice.core.connect.ConnectorFields;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code nats_jetstream} output: publishes to JetStream and waits for the server's publish
 * acknowledgement of every message of the batch, so a write returns only once the stream stored it.
 */
final class JetStreamOutput implements Output {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(NatsConnector.headFields());
        fields.add(FieldSpec.string("subject").interpolated().description("The subject to publish to, interpolated per message. A stream must capture it, or the publish fails.")
                .example("orders.created", "${! @kafka_topic }", "events.${! this.kind }"));
        fields.add(FieldSpec.stringMap("headers").interpolated().defaultValue(Map.of())
                .description("Headers set on every message; values are interpolated per message.")
                .example(Map.of("Content-Type", "application/json", "Tenant", "${! @tenant }")));
        fields.add(ConnectorFields.metadataInclude("metadata", "Which metadata goes out as message headers. Empty lists, the default, send none."));
        fields.add(ConnectorFields.maxInFlight(1024, "JetStream's acknowledgement"));
        fields.addAll(NatsConnector.tailFields());
        fields.add(FieldSpec.bloblang("inject_tracing_map").optional().advanced()
                .description("Accepted for compatibility and not used yet: a mapping that would write trace context into outgoing messages."));
        return ComponentSpec.output("nats_jetstream")
                .summary("Publishes messages to NATS JetStream and waits until they are stored.")
                .description("A write completes once JetStream has acknowledged every message of it, so the input acknowledges only messages "
                        + "that a stream stored.\n\n" + NatsConnector.connectionDocs())
                .categories("Services")
                .fields(fields.toArray(new FieldSpec[0]));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new JetStreamOutput(conf, ctx);
    }

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final ComponentContext ctx;
    private final OutputConnection<JetStream> connection;
    private final NatsOutput shaper;
    private final int maxInFlight;

    JetStreamOutput(Conf conf, ComponentContext ctx) throws Exception {
        this.ctx = ctx;
        this.connection = new OutputConnection<>(new NatsConnector(conf, ctx), Connection::jetStream);
        this.shaper = new NatsOutput(conf, ctx);
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void connect() throws Exception {
        connection.connect();
    }

    @Override
    public void write(Batch batch) throws Exception {
        JetStream j = connection.get().derived();
        Connection current = connection.current();
        if (current == null || current.getStatus() != Connection.Status.CONNECTED) {
            // Do not park messages in the client's reconnect buffer: the engine keeps and retries the batch.
            throw new NotConnectedException("nats_jetstream: connection is " + (current == null ? "closed" : current.getStatus()) + ", retrying later");
        }
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        List<String> subjects = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            var msg = shaper.toMessage(batch, i, true);
            subjects.add(msg.getSubject());
            acks.add(j.publishAsync(msg));
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                PublishAck ack = acks.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (ack.isDuplicate()) ctx.log().debug("nats_jetstream: duplicate publish detected by the server");
            } catch (TimeoutException e) {
                // Unknown outcome: write again (at-least-once; JetStream may store a duplicate).
                throw new NotConnectedException("nats_jetstream: no publish acknowledgement for subject '" + subjects.get(i) + "' within " + ACK_TIMEOUT.toSeconds() + "s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                Connection c = connection.current();
                if (c == null || c.getStatus() != Connection.Status.CONNECTED || cause instanceof CancellationException
                        || String.valueOf(cause.getMessage()).contains("not registered in time")) {
                    throw new NotConnectedException("nats_jetstream: connection interrupted while publishing, retrying: " + cause.getMessage(), cause);
                }
                String msg = cause instanceof JetStreamApiException api ? api.getErrorDescription() + " [" + api.getApiErrorCode() + "]"
                        : (cause.getMessage() == null ? cause.toString() : cause.getMessage());
                if (msg.contains("503") || msg.toLowerCase().contains("no responders")) {
                    msg = "no JetStream stream captures subject '" + subjects.get(i) + "' (field 'subject'): " + msg;
                }
                throw new IOException("nats_jetstream: publish failed: " + msg, cause);
            }
        }
    }

    @Override
    public void close() {
        connection.close();
        shaper.close();
    }
}
