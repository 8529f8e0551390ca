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
 * {@code mutation}: edits each message in place with a Bloblang mapping; {@code root} starts as the
 * message itself, so assignments add to or change it. A failure flags the message with the error
 * (assignments made before the failing one stay, as in the original).
 */
public final class MutationProcessor extends PartProcessor {
    public static final ComponentSpec SPEC = ComponentSpec.processor("mutation")
            .categories("Mapping", "Parsing")
            .summary("Changes each message in place with a Bloblang mapping: what the mapping does not assign stays as it was.")
            .description("""
                    Where `mapping` starts from an empty document, `mutation` starts from the message itself, so \
                    `root.new_field = ...` adds a field and leaves the rest alone. `root = deleted()` drops the message. \
                    A failure flags the message with the error, and the assignments made before the failing one are \
                    kept.""")
            .config(FieldSpec.bloblang("").description("The mapping to run on each message."))
            .example("Add a field", "Add a field without touching the others.", """
                    pipeline:
                      processors:
                        - mutation: |
                            root.received_at = now()
                    """);

    private final Mapping mapping;

    public MutationProcessor(Mapping mapping, ComponentContext ctx) {
        super(ctx);
        this.mapping = mapping;
    }

    public static MutationProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        return new MutationProcessor(conf.asMapping(), ctx);
    }

    /** A mutation only computes: the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        return mapping.mutate(batch, index) ? List.of(batch.get(index)) : List.of();
    }
}
