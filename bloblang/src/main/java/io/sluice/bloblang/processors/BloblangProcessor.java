package io.sluice.bloblang.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

/**
 * {@code bloblang}: the older name of {@link MappingProcessor}, kept for existing configs; it behaves
 * the same.
 */
public final class BloblangProcessor {
    public static final ComponentSpec SPEC = ComponentSpec.processor("bloblang")
            .status(ComponentSpec.Status.DEPRECATED)
            .categories("Mapping", "Parsing")
            .summary("The older name of `mapping`, kept so that existing configs still run. Use `mapping`; it behaves the same.")
            .config(FieldSpec.bloblang("").description("The mapping to run on each message."));

    private BloblangProcessor() {
    }

    public static MappingProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        return new MappingProcessor(conf.asMapping(), ctx);
    }
}
