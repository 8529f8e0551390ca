package io.sluice.gateway.streaming.edge;

import io.sluice.core.component.ComponentMeters;
import io.sluice.core.component.StreamMetrics;

import java.util.Map;

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

    public static void register(ComponentMeters meters, StreamMetrics counters, String streamName) {
        if (!meters.enabled()) return;
        int slash = streamName.indexOf('/');
        String api = slash > 0 ? streamName.substring(0, slash) : "";
        for (String kind : OutputEdge.KINDS) {
            Map<String, String> labels = Map.of("api", api, "kind", kind);
            String opened = OutputEdge.M_CONNECTED + "_" + kind;
            String closed = OutputEdge.M_DISCONNECTED + "_" + kind;
            meters.gauge("sluice.consumers.connected", labels, counters, c -> c.get(opened) - c.get(closed));
            read(meters, "sluice.consumer.messages.delivered", labels, counters, OutputEdge.M_DELIVERED + "_" + kind);
            read(meters, "sluice.consumer.messages.dropped", labels, counters, OutputEdge.M_DROPPED + "_" + kind);
            read(meters, "sluice.consumer.slow.disconnected", labels, counters, OutputEdge.M_SLOW + "_" + kind);
            read(meters, "sluice.consumer.refused", labels, counters, OutputEdge.M_REFUSED + "_" + kind);
        }
    }

    /** Read by name when exported; a counter the delivery code has not created yet is not created here. */
    private static void read(ComponentMeters meters, String name, Map<String, String> labels, StreamMetrics counters, String counter) {
        meters.functionCounter(name, labels, counters, c -> c.get(counter));
    }
}
