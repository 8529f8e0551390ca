package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;

import java.util.List;

/** Passes batches on untouched; a placeholder, e.g. for a {@code switch} case that should do nothing. */
final class NoopProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("noop")
            .categories("Utility")
            .summary("Does nothing: every message leaves exactly as it arrived.")
            .description("Useful as a placeholder, for example as the processors of a `switch` case that should leave its messages alone.")
            .fields();

    static Processor create(Conf conf, ComponentContext ctx) {
        return new NoopProcessor();
    }

    @Override
    public List<Batch> process(Batch batch) {
        return List.of(batch);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
