package io.sluice.core.engine;

import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;

import java.util.List;

/** An output with its own {@code processors}, applied just before each write. */
public final class ProcessingOutput implements Output {
    private final Output inner;
    private final List<Processor> processors;

    public ProcessingOutput(Output inner, List<Processor> processors) {
        this.inner = inner;
        this.processors = processors;
    }

    @Override
    public void connect() throws Exception {
        inner.connect();
    }

    @Override
    public void write(Batch batch) throws Exception {
        for (Batch b : Processors.apply(processors, batch)) inner.write(b);
    }

    @Override
    public int maxInFlight() {
        return inner.maxInFlight();
    }

    @Override
    public void close() throws Exception {
        try {
            inner.close();
        } finally {
            for (Processor p : processors) p.close();
        }
    }
}
