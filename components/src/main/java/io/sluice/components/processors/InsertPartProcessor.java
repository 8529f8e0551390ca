package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** Inserts one new message into each batch at a (possibly negative) index. */
final class InsertPartProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("insert_part")
            .categories("Composition")
            .summary("Adds a message to each batch, at the position `index`.")
            .description("""
                    An index past the end appends the message. A negative index counts from the end: -1 makes the new \
                    message the last one, -2 the one before last, and a negative index beyond the start puts it first.

                    The new message takes the metadata of the batch's first message, and `content` is interpolated \
                    against that message, so `${! this.id }` reads the first message's id.""")
            .fields(
                    FieldSpec.integer("index").defaultValue(-1)
                            .description("Where the new message goes, counting from 0."),
                    FieldSpec.string("content").interpolated().defaultValue("")
                            .description("The new message's content, interpolated."));

    private final int index;
    private final Interpolation content;

    InsertPartProcessor(int index, Interpolation content) {
        this.index = index;
        this.content = content;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new InsertPartProcessor(conf.integer("index"), conf.interpolation("content"));
    }

    @Override
    public List<Batch> process(Batch batch) {
        int size = batch.size();
        int at = index < 0 ? Math.max(size + index + 1, 0) : Math.min(index, size);
        Part inserted = batch.get(0).copy();
        inserted.setBytes(content.renderBytes(batch, 0));
        Batch out = new Batch(batch.parts());
        out.parts().add(at, inserted);
        return List.of(out);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
