package io.sluice.core.engine;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;

import java.util.ArrayList;
import java.util.List;

/** Runs a list of processors in order, each over every batch the previous one produced. */
public final class Processors {
    private Processors() {
    }

    /** The results as a new list the caller may change. */
    public static List<Batch> apply(List<Processor> processors, Batch batch) throws InterruptedException {
        return new ArrayList<>(run(processors, batch));
    }

    /** The results as a list the caller must not change (it may be a processor's own). */
    static List<Batch> run(List<Processor> processors, Batch batch) throws InterruptedException {
        // The usual case, one batch in and one out at every step, allocates no lists of its own.
        List<Batch> current = batch.isEmpty() ? List.of() : List.of(batch);
        for (int i = 0, n = processors.size(); i < n && !current.isEmpty(); i++) {
            Processor p = processors.get(i);
            if (current.size() == 1) {
                current = p.process(current.get(0));
                if (hasEmpty(current)) current = nonEmpty(current);
                continue;
            }
            List<Batch> next = new ArrayList<>(current.size());
            for (Batch b : current) next.addAll(p.process(b));
            current = nonEmpty(next);
        }
        return current;
    }

    private static boolean hasEmpty(List<Batch> batches) {
        for (int i = 0, n = batches.size(); i < n; i++) if (batches.get(i).isEmpty()) return true;
        return false;
    }

    private static List<Batch> nonEmpty(List<Batch> batches) {
        if (!hasEmpty(batches)) return batches;
        List<Batch> out = new ArrayList<>(batches.size());
        for (Batch b : batches) if (!b.isEmpty()) out.add(b);
        return out;
    }
}
