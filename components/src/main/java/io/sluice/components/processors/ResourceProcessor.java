package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/**
 * The {@code resource} processor: runs a processor declared under {@code processor_resources}. Stream
 * building and lint resolve {@code resource:} themselves for every kind; this spec gives it its place in
 * {@code sluice list} and the docs, and its factory serves code that builds a processor through the registry.
 */
final class ResourceProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("resource")
            .categories("Utility")
            .summary("Runs a processor declared once under `processor_resources`, named by its label.")
            .description("""
                    Every use of the label runs the same processor instance, so state it keeps (a dedupe window, a \
                    cache of its own) is shared by all of them. Lint checks that the label is declared, at the line of \
                    the reference.""")
            .config(FieldSpec.string("").references(ComponentKind.PROCESSOR)
                    .description("The label of the processor resource.").example("enrich", "tidy"))
            .example("Share one enrichment step", "Both branches of a switch call the same declared processor.", """
                    pipeline:
                      processors:
                        - switch:
                            - check: 'this.kind == "order"'
                              processors:
                                - resource: stamp
                            - processors:
                                - resource: stamp
                                - log:
                                    message: 'not an order'
                    processor_resources:
                      - label: stamp
                        mapping: 'root = this.merge({"seen_at": now()})'
                    """);

    private final Processor target;

    ResourceProcessor(Processor target) {
        this.target = target;
    }

    static ResourceProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        String label = conf.asString();
        try {
            return new ResourceProcessor(ctx.resources().processor(label));
        } catch (Exception e) {
            throw conf.invalid(e.getMessage());
        }
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        return target.process(batch);
    }

    // The resource belongs to the stream's resources, which close it; a reference must not.
}
