package io.sluice.connectors.nats;

import io.sluice.core.connect.MetadataFilter;
import io.sluice.core.connect.ConnectorFields;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code nats} output: publishes each message to an (interpolated) subject on a core NATS connection. */
final class NatsOutput implements Output {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> fields = new ArrayList<>(NatsConnector.headFields());
        fields.add(FieldSpec.string("subject").interpolated().description("The subject to publish to, interpolated per message.")
                .example("orders.created", "orders.${! this.region }"));
        fields.add(FieldSpec.stringMap("headers").interpolated().defaultValue(Map.of())
                .description("Headers set on every message; values are interpolated per message.")
                .example(Map.of("Content-Type", "application/json", "Tenant", "${! @tenant }")));
        fields.add(ConnectorFields.metadataInclude("metadata", "Which metadata goes out as message headers. Empty lists, the default, send none."));
        fields.add(ConnectorFields.maxInFlight(64, "the NATS server"));
        fields.addAll(NatsConnector.tailFields());
        fields.add(FieldSpec.bloblang("inject_tracing_map").optional().advanced()
                .description("Accepted for compatibility and not used yet: a mapping that would write trace context into outgoing messages."));
        return ComponentSpec.output("nats")
                .summary("Publishes each message on a core NATS subject.")
                .description("Core NATS does not confirm a publish and keeps nothing: a message goes to whoever is subscribed at that "
                        + "moment, and a write can succeed while nobody receives it. Use `nats_jetstream` when messages must be stored.\n\n"
                        + NatsConnector.connectionDocs())
                .categories("Services")
                .fields(fields.toArray(new FieldSpec[0]));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new NatsOutput(conf, ctx);
    }

    private final ComponentContext ctx;
    private final NatsConnector connector;
    private final Interpolation subject;
    private final Map<String, Interpolation> headers = new LinkedHashMap<>();
    private final MetadataFilter metaFilter;
    private final int maxInFlight;
    private volatile Connection conn;

    NatsOutput(Conf conf, ComponentContext ctx) throws Exception {
        this.ctx = ctx;
        this.connector = new NatsConnector(conf, ctx);
        this.subject = conf.interpolation("subject");
        for (Map.Entry<String, Conf> e : conf.child("headers").entries().entrySet()) headers.put(e.getKey(), e.getValue().asInterpolation());
        this.metaFilter = MetadataFilter.from(conf.child("metadata"));
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public synchronized void connect() throws Exception {
        Connection c = conn;
        if (c != null && c.getStatus() != Connection.Status.CLOSED) return;
        conn = connector.connect(null);
        ctx.log().info("sending nats messages to subject {}", subject);
    }

    private Connection connection() throws NotConnectedException {
        Connection c = conn;
        if (c != null && c.getStatus() != Connection.Status.CLOSED) return c;
        try {
            connect();
            return conn;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotConnectedException("interrupted while connecting");
        } catch (Exception e) {
            throw new NotConnectedException(e.getMessage(), e);
        }
    }

    @Override
    public void write(Batch batch) throws Exception {
        Connection c = connection();
        for (int i = 0; i < batch.size(); i++) {
            c.publish(toMessage(batch, i, c.getServerInfo() == null || c.getServerInfo().isHeadersSupported()));
        }
        if (c.getStatus() == Connection.Status.CLOSED) throw new NotConnectedException("nats: connection closed while publishing");
    }

    NatsMessage toMessage(Batch batch, int i, boolean headersSupported) {
        Part p = batch.get(i);
        NatsMessage.Builder b = NatsMessage.builder().subject(subject.render(batch, i)).data(p.bytes());
        if (headersSupported && (!headers.isEmpty() || !metaFilter.isEmpty())) {
            Headers h = new Headers();
            if (!metaFilter.isEmpty()) {
                for (Map.Entry<String, Object> m : p.metadata().entrySet()) {
                    if (metaFilter.matches(m.getKey()) && m.getValue() != null) h.add(m.getKey(), Structured.toText(m.getValue()));
                }
            }
            for (Map.Entry<String, Interpolation> e : headers.entrySet()) h.put(e.getKey(), e.getValue().render(batch, i));
            if (!h.isEmpty()) b.headers(h);
        }
        return b.build();
    }

    @Override
    public synchronized void close() {
        Connection c = conn;
        conn = null;
        if (c != null) {
            try {
                c.flush(Duration.ofSeconds(5));
            } catch (Exception e) {
                ctx.log().debug("nats: flush on close failed: {}", e.getMessage());
            }
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
