package io.sluice.core.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.ArrayList;
import java.util.List;

/**
 * A span per message and processor, for messages that carry a trace context: the span is the child of the message's
 * current context and becomes its new context (so the next processor, and the delivery, are its children). Messages
 * without a context pass without any tracing work. Applied by the stream builder when the process traces.
 */
public final class TracedProcessor implements Processor {
    private final Processor delegate;
    private final String spanName;

    public TracedProcessor(Processor delegate, String label, String path) {
        this.delegate = delegate;
        this.spanName = "processor " + (label == null || label.isEmpty() ? path : label);
    }

    /** The processor inside. */
    public Processor delegate() {
        return delegate;
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        List<Span> spans = null;
        for (Part p : batch) {
            if (!Tracing.carriesTrace(p)) continue;
            if (spans == null) spans = new ArrayList<>();
            spans.add(Tracing.startFor(p, spanName, SpanKind.INTERNAL));
        }
        if (spans == null) return delegate.process(batch);
        try {
            List<Batch> out = delegate.process(batch);
            for (Batch b : out) for (Part p : b) if (p.hasError()) failedIn(spans, p);
            return out;
        } finally {
            for (Span s : spans) s.end();
        }
    }

    /** Marks the span whose context the flagged part carries. */
    private static void failedIn(List<Span> spans, Part p) {
        Object tp = p.meta(Tracing.TRACEPARENT);
        for (Span s : spans) {
            if (tp != null && tp.toString().contains(s.getSpanContext().getSpanId())) Tracing.failed(s, p.errorMessage());
        }
    }

    /** Metering and tracing do not block: the engine may run the processor inline exactly when it could without them. */
    @Override
    public boolean mayBlock() {
        return delegate.mayBlock();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
