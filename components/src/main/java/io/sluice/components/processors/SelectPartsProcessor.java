package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** Picks messages of a batch by index, in the order the indexes are listed. */
final class SelectPartsProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("select_parts")
            .categories("Utility")
            .summary("Keeps the messages of a batch at the given positions, in the order listed.")
            .description("""
                    The selected messages form a new batch in the order of the `parts` list: with `parts: [2, 0, 1]` and the \
                    batch `[a, b, c, d]` the result is `[c, a, b]`. A negative index counts from the end (-1 is the last \
                    message). An index may be listed more than once; each occurrence is an independent copy.

                    An index past the end of the batch is skipped; when none of them exists, the whole batch is dropped. \
                    An empty `parts`, the default, therefore drops everything.""")
            .fields(FieldSpec.integer("parts").array().defaultValue(List.of())
                    .description("Positions in the batch, from 0; negative ones count from the end, -1 being the last message.")
                    .example(List.of(0, -1)));

    private final int[] parts;

    SelectPartsProcessor(int[] parts) {
        this.parts = parts;
    }

    static Processor create(Conf conf, ComponentContext ctx) {
        List<Conf> items = conf.list("parts");
        int[] parts = new int[items.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = (int) items.get(i).asLong();
        return new SelectPartsProcessor(parts);
    }

    @Override
    public List<Batch> process(Batch batch) {
        int size = batch.size();
        Batch out = new Batch();
        for (int index : parts) {
            int at = index < 0 ? size + index : index;
            if (at >= 0 && at < size) out.add(batch.get(at).copy());
        }
        return out.isEmpty() ? List.of() : List.of(out);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
