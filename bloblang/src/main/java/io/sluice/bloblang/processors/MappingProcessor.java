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
            .summary("Executes a Bloblang mapping on messages, creating a new document that replaces (or filters) the original message.")
            .description("""
                    The mapping builds a brand new document: only what is assigned to `root` ends up in the message, \
                    `this` reads the original. Metadata of the input is kept and can be changed with `meta` assignments. \
                    If the mapping fails the message keeps its original content and is flagged with the error, which \
                    `catch` and `try` processors can act on. Assigning `deleted()` to `root` drops the message.""")
            .config(FieldSpec.bloblang("").description("The Bloblang mapping."))
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

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part out = mapping.map(batch, index);
        return out == null ? List.of() : List.of(out);
    }
}
