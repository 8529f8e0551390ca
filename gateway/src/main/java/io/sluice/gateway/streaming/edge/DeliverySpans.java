package io.sluice.gateway.streaming.edge;

import io.opentelemetry.api.trace.SpanKind;
import io.sluice.core.observe.Tracing;
import io.sluice.gateway.streaming.hub.HubMessage;

import java.util.List;

/** Trace spans of stream deliveries: the last hop of a message's trace, on the consumer's connection. */
final class DeliverySpans {

    private DeliverySpans() {
    }

    /** A span per delivered message that carries a trace context ({@code traceparent} in its metadata). */
    static void delivered(String streamName, String kind, List<HubMessage> batch) {
        for (HubMessage m : batch) {
            if (m.metadata().get(Tracing.TRACEPARENT) == null) continue;
            Tracing.tracer().spanBuilder("deliver " + kind).setParent(Tracing.extract(m.metadata())).setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("sluice.stream", streamName).setAttribute("sluice.consumer_kind", kind)
                    .setAttribute("sluice.message_id", m.id()).startSpan().end();
        }
    }
}
