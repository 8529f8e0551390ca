package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** Runs its processors on each message of a batch as though it were a batch of one. */
final class ForEachProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("for_each")
            .categories("Composition")
            .summary("Runs its processors on each message of a batch alone, as a batch of one.")
            .description("""
                    Only processors that look at the whole batch behave differently inside it, e.g. `select_parts`, \
                    `group_by` or an interpolation that reads other messages; most processors work per message anyway \
                    and gain nothing. What comes out is gathered into one batch again, in order.""")
            .config(FieldSpec.processors("").defaultValue(List.of()));

    private final ChildProcessors children;

    ForEachProcessor(ChildProcessors children) {
        this.children = children;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        return new ForEachProcessor(ChildProcessors.fromArray(conf));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        Batch out = new Batch();
        for (Part part : batch) out.parts().addAll(children.applyToPart(part));
        return out.isEmpty() ? List.of() : List.of(out);
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
