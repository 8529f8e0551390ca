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

/** Runs its processors on each message until one fails; a failed message skips the rest (its flag stays). */
final class TryProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("try")
            .categories("Composition")
            .summary("Executes a list of child processors on messages only if no prior processors have failed (or the errors have been cleared).")
            .description("""
                    Like `for_each`, the child processors run on each message as a batch of its own. A message that already \
                    carries an error flag skips every child, and a message that fails one child skips the children after \
                    it. The flag is kept, so a `catch` after the `try` can handle the failures.""")
            .config(FieldSpec.processors("").defaultValue(List.of()))
            .example("Dependent steps", "If `bar` fails for a message, `baz` is skipped for it and the `catch` sees the error.", """
                    pipeline:
                      processors:
                        - try:
                            - resource: bar
                            - resource: baz
                        - catch:
                            - log:
                                message: "failed: ${! error() }"
                    """);

    private final ChildProcessors children;

    TryProcessor(ChildProcessors children) {
        this.children = children;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        return new TryProcessor(ChildProcessors.fromArray(conf));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        Batch out = new Batch();
        for (Part part : batch) {
            for (Batch b : tryOne(part)) out.parts().addAll(b.parts());
        }
        return out.isEmpty() ? List.of() : List.of(out);
    }

    /** Runs the children over the batches that grow out of one message; a batch whose first message failed stops there. */
    private List<Batch> tryOne(Part part) throws InterruptedException {
        List<Batch> current = List.of(Batch.of(part));
        for (Processor p : children.list()) {
            List<Batch> next = new ArrayList<>(current.size());
            for (Batch b : current) {
                if (b.isEmpty()) continue;
                if (b.get(0).hasError()) next.add(b);
                else next.addAll(p.process(b));
            }
            current = next;
            if (current.isEmpty()) break;
        }
        return current;
    }

    @Override
    public void close() {
        children.close();
    }
}
