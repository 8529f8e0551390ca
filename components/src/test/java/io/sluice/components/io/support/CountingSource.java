package io.sluice.components.io.support;

import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A source of the messages "1".."n" (one per batch) that records how each of its transactions was
 * settled, as a broker-backed input would see it.
 */
public final class CountingSource implements Input {
    private final int n;
    private int next;
    private final Map<String, List<Boolean>> settlements = new ConcurrentHashMap<>(); // true: ack

    public CountingSource(int n) {
        this.n = n;
    }

    @Override
    public synchronized Transaction read() throws EndOfInputException {
        if (next >= n) throw new EndOfInputException();
        String text = String.valueOf(++next);
        return new Transaction(Batch.ofTexts(text), err -> settlements.computeIfAbsent(text, k -> new CopyOnWriteArrayList<>()).add(err == null));
    }

    public synchronized int readCount() {
        return next;
    }

    /** Messages settled more than once (should be none). */
    public List<String> settledTwice() {
        List<String> l = new ArrayList<>();
        settlements.forEach((k, v) -> {
            if (v.size() > 1) l.add(k);
        });
        return l;
    }

    public List<String> acked() {
        List<String> l = new ArrayList<>();
        settlements.forEach((k, v) -> {
            if (v.contains(true)) l.add(k);
        });
        return l;
    }

    public List<String> nacked() {
        List<String> l = new ArrayList<>();
        settlements.forEach((k, v) -> {
            if (v.contains(false)) l.add(k);
        });
        return l;
    }

    public int settledCount() {
        return settlements.size();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
