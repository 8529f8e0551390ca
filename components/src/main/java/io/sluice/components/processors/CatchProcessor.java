package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** Runs its processors only on messages flagged with an error, then clears the flags. */
final class CatchProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("catch")
            .categories("Composition")
            .summary("Runs its processors only on messages that an earlier processor flagged with an error, then clears the flag.")
            .description("""
                    The processors run on each failed message alone, as a batch of one; messages without an error pass by. \
                    Inside, `error()` gives the reason, so this is where to log, repair or replace a failed message. A message \
                    stays in the catch for the whole list, even if a processor clears its flag, and leaves it without the flag.

                    A `try` placed directly inside a `catch` runs nothing, as every message in there still has its error. \
                    Clear the flags first with an empty `catch: []` before it.""")
            .config(FieldSpec.processors("").defaultValue(List.of()))
            .example("Keep unparsable lines", "A line that is not JSON is logged and wrapped in an object, instead of "
                    + "going on with an error.", """
                    pipeline:
                      processors:
                        - mapping: 'root = content().parse_json()'
                        - catch:
                            - log:
                                level: WARN
                                message: 'not JSON: ${! error() }'
                            - mapping: 'root = {"raw": content().string()}'
                    """);

    private final ChildProcessors children;

    CatchProcessor(ChildProcessors children) {
        this.children = children;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        for (Conf child : conf.elements()) {
            if (ComponentNode.parse(child.node(), ComponentKind.PROCESSOR) instanceof ComponentNode cn && cn.type().equals("try")) {
                ctx.log().warn("a 'try' directly inside a 'catch' runs nothing: the messages there still carry their errors "
                        + "until the catch ends; put an empty 'catch: []' before the 'try' to clear them");
            }
        }
        return new CatchProcessor(ChildProcessors.fromArray(conf));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        Batch out = new Batch();
        for (Part part : batch) {
            if (part.hasError()) out.parts().addAll(children.applyToPart(part));
            else out.add(part);
        }
        for (Part p : out) p.clearError();
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
