package io.sluice.components.io.support;

import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Part;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches an input from the engine's side: every transaction it hands out, and how (and how
 * often) each was settled. Messages are identified by their text when read.
 */
public final class Ledger {
    public enum Outcome { ACK, NACK }

    private final List<List<String>> read = new CopyOnWriteArrayList<>();
    private final Map<String, List<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger settleCalls = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();

    Input wrap(Input inner) {
        return new Input() {
            @Override
            public void connect() throws Exception {
                inner.connect();
            }

            @Override
            public Transaction read() throws Exception {
                Transaction tx = inner.read();
                if (tx == null) return null;
                List<String> texts = new ArrayList<>();
                for (Part p : tx.batch()) texts.add(p.text());
                read.add(texts);
                transactions.incrementAndGet();
                return new Transaction(tx.batch(), err -> {
                    settleCalls.incrementAndGet();
                    for (String t : texts) outcomes.computeIfAbsent(t, k -> new CopyOnWriteArrayList<>()).add(err == null ? Outcome.ACK : Outcome.NACK);
                    tx.settle(err);
                });
            }

            @Override
            public void close() {
                try {
                    inner.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    public int transactions() {
        return transactions.get();
    }

    public int settled() {
        return settleCalls.get();
    }

    public List<String> readTexts() {
        List<String> all = new ArrayList<>();
        read.forEach(all::addAll);
        return all;
    }

    public List<Outcome> outcomes(String text) {
        return outcomes.getOrDefault(text, List.of());
    }

    public List<String> acked() {
        List<String> l = new ArrayList<>();
        outcomes.forEach((k, v) -> {
            if (v.contains(Outcome.ACK)) l.add(k);
        });
        return l;
    }

    public List<String> nacked() {
        List<String> l = new ArrayList<>();
        outcomes.forEach((k, v) -> {
            if (v.contains(Outcome.NACK)) l.add(k);
        });
        return l;
    }
}
