package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.engine.Processors;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.Conf;

import java.util.ArrayList;
import java.util.List;

/** A list of nested processors that a composite processor owns: built from config, run in order, closed with it. */
record ChildProcessors(List<Processor> list) {

    ChildProcessors {
        list = List.copyOf(list);
    }

    /** Builds the processors of a config that is itself an array of processors (e.g. {@code catch: [...]}). */
    static ChildProcessors fromArray(Conf array) throws Exception {
        return new ChildProcessors(ComponentContext.of(array).processors(array));
    }

    /** Builds the processors of a named array field (e.g. {@code processors}). */
    static ChildProcessors fromField(Conf conf, String field) throws Exception {
        return new ChildProcessors(ComponentContext.of(conf).processors(conf.child(field)));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Runs every processor in order over every batch the previous one produced; empty batches are dropped. */
    List<Batch> apply(Batch batch) throws InterruptedException {
        return Processors.apply(list, batch);
    }

    /** Runs the processors on one message as a batch of its own and flattens what comes out. */
    List<Part> applyToPart(Part part) throws InterruptedException {
        return flatten(apply(Batch.of(part)));
    }

    static List<Part> flatten(List<Batch> batches) {
        if (batches.size() == 1) return batches.get(0).parts();
        List<Part> out = new ArrayList<>();
        for (Batch b : batches) out.addAll(b.parts());
        return out;
    }

    /** Whether one of the processors may block (see {@link Processor#mayBlock()}). */
    boolean mayBlock() {
        for (Processor p : list) if (p.mayBlock()) return true;
        return false;
    }

    void close() {
        for (Processor p : list) p.close();
    }
}
