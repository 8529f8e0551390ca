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
            .summary("Runs its processors in turn on each message, and stops for a message as soon as one of them fails.")
            .description("""
                    Each message goes through alone, as a batch of one. A message that arrives with an error skips every \
                    processor, and one that fails a processor skips the rest. The error stays on the message, so a `catch` \
                    after the `try` can deal with it.""")
            .config(FieldSpec.processors("").defaultValue(List.of()))
            .example("Steps that depend on each other", "When the lookup fails for a message, the mapping that uses its answer is "
                    + "skipped, and the `catch` records why.", """
                    pipeline:
                      processors:
                        - try:
                            - branch:
                                request_map: 'root.id = this.customer_id'
                                processors:
                                  - http:
                                      url: http://crm.internal:8080/customers
                                      verb: POST
                                result_map: 'root.customer = this'
                            - mapping: |
                                root = this
                                root.greeting = "Dear " + this.customer.name
                        - catch:
                            - mapping: |
                                root = this
                                root.failed = error()
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

    /** Blocks only where one of its processors may. */
    @Override
    public boolean mayBlock() {
        return children.mayBlock();
    }
}
