package io.sluice.gateway.streaming.components;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.Conf;
import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.SubscriberFilter;
import io.sluice.gateway.streaming.edge.ConsumerSettings;
import io.sluice.gateway.streaming.edge.ConsumerMeters;
import io.sluice.gateway.streaming.edge.DeliveryRecorder;
import io.sluice.gateway.streaming.edge.OutputEdge;
import io.sluice.gateway.streaming.hub.DeliveryMode;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.sluice.gateway.streaming.hub.HubSettings;
import io.sluice.gateway.streaming.hub.HubUnavailableException;
import io.sluice.gateway.streaming.hub.SlowConsumerPolicy;
import io.sluice.gateway.streaming.hub.StreamHub;
import io.sluice.gateway.streaming.hub.StreamHubFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code http_server} output: serves the stream to consumers over GET ({@code path}), a long-lived stream
 * ({@code stream_path}: SSE or raw lines) and WebSocket ({@code ws_path}). {@link #write} publishes the batch to the
 * output's {@link StreamHub} and returns as soon as the hub took it: in broadcast mode that never waits for a consumer
 * (each has its own cursor and slow-consumer policy), in shared mode it waits while the work queue is full.
 */
final class HttpServerOutput implements Output {
    private final EndpointHost host;
    private final StreamHub hub;
    private final Interpolation event;
    private final MessageTails tails;
    private final MessageTails.Tail tail;
    private final String streamName;

    HttpServerOutput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.host = new EndpointHost(conf, ctx);
        List<String> paths = EndpointHost.checkPaths(conf, "path", "stream_path", "ws_path");
        Set<String> verbs = new LinkedHashSet<>(conf.stringList("allowed_verbs"));
        if (verbs.isEmpty()) throw conf.invalid("allowed_verbs", "must specify at least one allowed verb");
        int bufferSize = conf.integer("buffer_size");
        if (bufferSize < 1) throw conf.invalid("buffer_size", "buffer_size must be at least 1");
        int retain = conf.integer("retain");
        if (retain < 0) throw conf.invalid("retain", "retain must not be negative");
        DeliveryMode mode = DeliveryMode.parse(conf.string("delivery"));
        HubSettings hubSettings = mode == DeliveryMode.SHARED ? HubSettings.shared(bufferSize)
                : HubSettings.broadcast(bufferSize, SlowConsumerPolicy.parse(conf.string("slow_consumer")), retain);
        StreamHubFactory factory = ctx.service(StreamHubFactory.class);
        this.hub = (factory == null ? StreamHubFactory.IN_MEMORY : factory).create(ctx.streamName(), ctx.path(), hubSettings);
        this.event = conf.interpolation("sse_event");
        this.streamName = ctx.streamName();
        this.tails = ctx.service(MessageTails.class);
        this.tail = tails == null ? null : tails.open(streamName);

        ConsumerSettings settings = new ConsumerSettings(Set.copyOf(verbs), conf.duration("timeout"), conf.duration("heartbeat"),
                conf.string("stream_format").equals("event_source"), conf.string("ws_message_type").equals("text"),
                conf.bool("ws_envelope"), host.cors(), 256);
        String consumerGroup = conf.string("consumer_group").trim();
        if (!consumerGroup.isEmpty() && mode == DeliveryMode.SHARED) {
            throw conf.invalid("consumer_group", "consumer_group needs delivery: broadcast (with shared delivery every connection already competes for every message)");
        }
        OutputEdge edge = new OutputEdge(hub, settings, host.guard(), ctx.metrics(), ctx.service(SubscriberFilter.Host.class), consumerGroup,
                ctx.service(DeliveryRecorder.class), ctx.streamName());
        ConsumerMeters.register(ctx.meters(), ctx.metrics(), ctx.streamName());
        if (!paths.get(0).isEmpty()) host.add(new StreamEndpoint(paths.get(0), StreamEndpoint.Kind.REQUEST, verbs,
                "Read the next message of stream " + ctx.streamName(), edge::handleNext));
        if (!paths.get(1).isEmpty()) host.add(new StreamEndpoint(paths.get(1), StreamEndpoint.Kind.STREAM, verbs,
                "Read a continuous stream of messages (SSE or lines) of stream " + ctx.streamName(), edge::handleStream));
        if (!paths.get(2).isEmpty()) host.add(new StreamEndpoint(paths.get(2), StreamEndpoint.Kind.WEBSOCKET, Set.of("GET"),
                "Read messages of stream " + ctx.streamName() + " over a WebSocket", edge::handleWebSocket));
    }

    /** The hub behind this output (for hosts and tests). */
    StreamHub hub() {
        return hub;
    }

    @Override
    public void connect() throws Exception {
        host.mount();
    }

    @Override
    public void write(Batch batch) throws Exception {
        List<HubMessage.Draft> drafts = new ArrayList<>(batch.size());
        String staticEvent = event.isStatic() ? event.render(batch, 0) : null;
        for (int i = 0; i < batch.size(); i++) {
            Part p = batch.get(i);
            Map<String, String> meta = new LinkedHashMap<>();
            p.metadata().forEach((k, v) -> meta.put(k, Structured.toText(v)));
            String ev = staticEvent != null ? staticEvent : event.render(batch, i);
            drafts.add(new HubMessage.Draft(p.bytes().clone(), meta, ev == null || ev.isEmpty() ? null : ev));
        }
        try {
            hub.publish(drafts);
        } catch (HubUnavailableException e) {
            throw new NotConnectedException(e.getMessage(), e);
        }
        if (tail != null) {
            tail.record(batch);
        }
    }

    @Override
    public void close() {
        hub.close("stream stopped");
        host.unmount();
        if (tails != null) {
            tails.close(streamName, tail);
        }
    }
}
