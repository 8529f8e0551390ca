package io.sluice.bloblang.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/**
 * {@code mapping}: builds a new message from each input message with a Bloblang mapping. Metadata
 * is carried over; {@code root = deleted()} drops the message; a failure leaves the message as it was
 * and flags it with the error.
 */
public final class MappingProcessor extends PartProcessor {
    public static final ComponentSpec SPEC = ComponentSpec.processor("mapping")
            .categories("Mapping", "Parsing")
            .summary("Builds a new document from each message with a Bloblang mapping; the result replaces the message or drops it.")
            .description("""
                    The output starts empty, not as a copy: only what the mapping assigns to `root` ends up in the \
                    message, while `this` reads the input as it arrived. Metadata is carried over and `meta` \
                    assignments change it. `root = deleted()` drops the message. When the mapping fails, the message \
                    goes on unchanged, flagged with the error for a `catch` or `try` processor to handle.""")
            .config(FieldSpec.bloblang("").description("The mapping to run on each message."))
            .example("Rename and compute", "Pick fields, rename them and compute a total.", """
                    pipeline:
                      processors:
                        - mapping: |
                            root.id = this.order_id
                            root.total = this.items.map_each(i -> i.price * i.qty).sum()
                    """);

    private final Mapping mapping;

    public MappingProcessor(Mapping mapping, ComponentContext ctx) {
        super(ctx);
        this.mapping = mapping;
    }

    public static MappingProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        return new MappingProcessor(conf.asMapping(), ctx);
    }

    /** A mapping only computes: the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part out = mapping.map(batch, index);
        return out == null ? List.of() : List.of(out);
    }
}
