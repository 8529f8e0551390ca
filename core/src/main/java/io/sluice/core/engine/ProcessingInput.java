package io.sluice.core.engine;

import io.sluice.core.component.Input;
import io.sluice.core.component.Processor;
import io.sluice.core.component.Transaction;

import java.util.ArrayDeque;
import java.util.List;

/** An input with its own {@code processors}: each read batch goes through them before leaving the input. */
public final class ProcessingInput implements Input {
    private final Input inner;
    private final List<Processor> processors;
    private final ArrayDeque<Transaction> pending = new ArrayDeque<>();

    public ProcessingInput(Input inner, List<Processor> processors) {
        this.inner = inner;
        this.processors = processors;
    }

    @Override
    public void connect() throws Exception {
        inner.connect();
    }

    @Override
    public Transaction read() throws Exception {
        while (pending.isEmpty()) {
            Transaction tx = inner.read();
            // Nothing yet (a poll timed out, or a replay woke the reader): the caller asks again.
            if (tx == null) return null;
            pending.addAll(SplitAck.split(tx, Processors.apply(processors, tx.batch())));
        }
        return pending.poll();
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
