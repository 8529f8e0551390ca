package io.sluice.gateway.observe;

import io.sluice.core.component.StreamMetrics;
import io.sluice.core.observe.StreamMeters;
import io.sluice.gateway.streaming.edge.OutputEdge;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The consumers of one stream output in the process registry, per kind of connection ({@code websocket}, {@code sse},
 * {@code stream}, {@code get}): connected now, messages delivered, messages dropped and consumers disconnected by the
 * slow-consumer policy, and connections refused by the key's checks, limits or quotas. All are read from the
 * counters the delivery code keeps anyway, when exported; nothing is added per message. Labels: {@code api},
 * {@code stream}, {@code kind}: bounded by the streams configured times four.
 */
public final class ConsumerMeters {

    private ConsumerMeters() {
    }

    public static void register(StreamMeters meters, StreamMetrics counters, String streamName) {
        if (!meters.enabled()) return;
        int slash = streamName.indexOf('/');
        String api = slash > 0 ? streamName.substring(0, slash) : "";
        for (String kind : OutputEdge.KINDS) {
            Map<String, String> labels = Map.of("api", api, "kind", kind);
            LongAdder opened = counters.counter(OutputEdge.M_CONNECTED + "_" + kind);
            LongAdder closed = counters.counter(OutputEdge.M_DISCONNECTED + "_" + kind);
            meters.gauge("sluice.consumers.connected", labels, counters, c -> opened.sum() - closed.sum());
            read(meters, "sluice.consumer.messages.delivered", labels, counters.counter(OutputEdge.M_DELIVERED + "_" + kind));
            read(meters, "sluice.consumer.messages.dropped", labels, counters.counter(OutputEdge.M_DROPPED + "_" + kind));
            read(meters, "sluice.consumer.slow.disconnected", labels, counters.counter(OutputEdge.M_SLOW + "_" + kind));
            read(meters, "sluice.consumer.refused", labels, counters.counter(OutputEdge.M_REFUSED + "_" + kind));
        }
    }

    private static void read(StreamMeters meters, String name, Map<String, String> labels, LongAdder source) {
        meters.functionCounter(name, labels, source, LongAdder::sum);
    }
}
