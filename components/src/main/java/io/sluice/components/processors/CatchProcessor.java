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
            .summary("Applies a list of child processors _only_ when a previous processing step has failed.")
            .description("""
                    Like `for_each`, the child processors run on each message as a batch of its own, but only on messages \
                    that carry an error flag from an earlier processor; other messages skip them. A message stays caught \
                    for the whole list even if a child clears its flag. When messages leave the catch block their error \
                    flags are cleared, so this is the place to recover, log or count failures (`error()` shows the reason).

                    A `try` nested directly in a `catch` never runs, because the flags are only cleared at the end of the \
                    catch; put an empty `catch: []` before it to clear them first.""")
            .config(FieldSpec.processors("").defaultValue(List.of()))
            .example("Log and recover", "Messages that failed `foo` are logged and given a fallback body.", """
                    pipeline:
                      processors:
                        - resource: foo
                        - catch:
                            - log:
                                level: ERROR
                                message: "foo failed: ${! error() }"
                            - mapping: 'root = {"status": "failed"}'
                    """);

    private final ChildProcessors children;

    CatchProcessor(ChildProcessors children) {
        this.children = children;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        for (Conf child : conf.elements()) {
            if (ComponentNode.parse(child.node(), ComponentKind.PROCESSOR) instanceof ComponentNode cn && cn.type().equals("try")) {
                ctx.log().warn("'catch' block contains a 'try' block which will never execute due to errors only being cleared "
                        + "at the end of the 'catch'; put an empty 'catch: []' before the 'try' to clear them first");
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
}
