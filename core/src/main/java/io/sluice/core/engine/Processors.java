package io.sluice.core.engine;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;

import java.util.ArrayList;
import java.util.List;

/** Runs a list of processors in order, each over every batch the previous one produced. */
public final class Processors {
    private Processors() {
    }

    public static List<Batch> apply(List<Processor> processors, Batch batch) throws InterruptedException {
        List<Batch> current = List.of(batch);
        for (Processor p : processors) {
            List<Batch> next = new ArrayList<>(current.size());
            for (Batch b : current) {
                if (b.isEmpty()) continue;
                next.addAll(p.process(b));
            }
            current = next;
            if (current.isEmpty()) break;
        }
        List<Batch> nonEmpty = new ArrayList<>(current.size());
        for (Batch b : current) if (!b.isEmpty()) nonEmpty.add(b);
        return nonEmpty;
    }
}
