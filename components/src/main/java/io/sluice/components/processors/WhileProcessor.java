package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** Repeats its processors over a batch while a query on the batch holds. */
final class WhileProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("while")
            .categories("Composition")
            .summary("Runs its processors on a batch again and again, for as long as a check on the batch is true.")
            .description("""
                    The check reads the batch's first message (after a loop that made several batches, the first message \
                    of the first one). A check that fails with an error counts as false, and the loop also ends when the \
                    processors leave no message. Set `max_loops` when a check might never turn false: without it a loop \
                    can run forever and stall the stream.""")
            .fields(
                    FieldSpec.bool("at_least_once").defaultValue(false)
                            .description("Run the processors once before the first check, like a do-while loop."),
                    FieldSpec.integer("max_loops").defaultValue(0).advanced()
                            .description("Stop after this many rounds; 0: no limit."),
                    FieldSpec.bloblang("check").defaultValue("")
                            .description("A Bloblang query returning a boolean: true runs the processors once more.")
                            .example("errored()", "this.pages.remaining > 0"),
                    FieldSpec.processors("processors")
                            .description("The processors run in each round."));

    private final boolean atLeastOnce;
    private final int maxLoops;
    private final Mapping check;
    private final ChildProcessors children;
    private final ComponentContext ctx;

    WhileProcessor(boolean atLeastOnce, int maxLoops, Mapping check, ChildProcessors children, ComponentContext ctx) {
        this.atLeastOnce = atLeastOnce;
        this.maxLoops = maxLoops;
        this.check = check;
        this.children = children;
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        if (conf.string("check").isBlank()) {
            throw new ConfigException(conf.position(), conf.path() + ".check", "a check query is required");
        }
        return new WhileProcessor(conf.bool("at_least_once"), conf.integer("max_loops"), conf.mapping("check"),
                ChildProcessors.fromField(conf, "processors"), ctx);
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        List<Batch> current = List.of(batch);
        int loops = 0;
        boolean again = atLeastOnce || holds(batch);
        while (again) {
            if (Thread.interrupted()) throw new InterruptedException();
            if (maxLoops > 0 && loops >= maxLoops) {
                ctx.log().trace("reached max loops count");
                break;
            }
            current = apply(current);
            if (current.isEmpty()) return current;
            again = holds(current.get(0));
            loops++;
        }
        return current;
    }

    private List<Batch> apply(List<Batch> batches) throws InterruptedException {
        if (batches.size() == 1) return children.apply(batches.get(0));
        List<Batch> out = new ArrayList<>();
        for (Batch b : batches) out.addAll(children.apply(b));
        return out;
    }

    private boolean holds(Batch batch) {
        try {
            return check.check(batch, 0);
        } catch (MappingException | MessageParseException e) {
            ctx.log().error("query failed for loop: {}", e.getMessage());
            return false;
        }
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
