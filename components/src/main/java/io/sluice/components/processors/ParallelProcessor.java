package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** Like {@code for_each}, but the messages of a batch are processed concurrently, each on its own virtual thread. */
final class ParallelProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("parallel")
            .categories("Composition")
            .summary("Like `for_each`, but the messages of a batch go through the processors at the same time.")
            .description("""
                    Each message runs through the processors on a virtual thread of its own, so slow calls such as `http` \
                    overlap. The results come back as one batch in the original order.

                    It speeds up only batches of several messages: with one message per batch there is nothing to overlap, \
                    so set up batching on the input first.""")
            .fields(
                    FieldSpec.integer("cap").defaultValue(0)
                            .description("The most messages processed at once; 0: no limit."),
                    FieldSpec.processors("processors")
                            .description("The processors each message goes through."));

    private final int cap;
    private final ChildProcessors children;

    ParallelProcessor(int cap, ChildProcessors children) {
        this.cap = cap;
        this.children = children;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        return new ParallelProcessor(conf.integer("cap"), ChildProcessors.fromField(conf, "processors"));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        List<VirtualThreadFanOut.Task<List<Part>>> tasks = new ArrayList<>(batch.size());
        for (Part part : batch) tasks.add(() -> children.applyToPart(part));
        Batch out = new Batch();
        for (List<Part> parts : VirtualThreadFanOut.runAll(tasks, cap)) out.parts().addAll(parts);
        return out.isEmpty() ? List.of() : List.of(out);
    }

    @Override
    public void close() {
        children.close();
    }
}
