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
            .summary("A processor that applies a list of child processors to messages of a batch as though they were each a batch of one message (similar to the `for_each` processor), but where each message is processed in parallel.")
            .description("""
                    Each message runs through the child processors on a virtual thread of its own, so slow network calls \
                    overlap. The field `cap`, if greater than zero, caps how many messages are processed at once. The \
                    results are gathered back into one batch in the original order.

                    This processor only helps with batches of several messages; see batching.""")
            .fields(
                    FieldSpec.integer("cap").defaultValue(0)
                            .description("The maximum number of messages to have processing at a given time."),
                    FieldSpec.processors("processors")
                            .description("A list of child processors to apply."));

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
