package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** The {@code processors} processor: a list of processors that acts as one. */
final class ProcessorsProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("processors")
            .categories("Composition")
            .summary("Runs a list of processors in order, as if they were one.")
            .description("""
                    Useful where one processor is expected but several are wanted, above all as a processor resource that \
                    other parts of the config call by label, or as one case of a `switch`. The batch goes through the \
                    processors exactly as it would in a pipeline's list.""")
            .config(FieldSpec.processors("").defaultValue(List.of()))
            .example("A reusable clean-up step", "Two pipelines share the same three steps, declared once as a resource.", """
                    input:
                      generate:
                        count: 3
                        interval: ""
                        mapping: 'root = {"name": "  Ada  ", "debug": true}'
                    pipeline:
                      processors:
                        - resource: tidy
                    processor_resources:
                      - label: tidy
                        processors:
                          - mapping: 'root = this.without("debug")'
                          - mapping: 'root.name = this.name.trim()'
                          - log:
                              message: 'tidied ${! content() }'
                    """);

    private final ChildProcessors children;

    ProcessorsProcessor(ChildProcessors children) {
        this.children = children;
    }

    static ProcessorsProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        return new ProcessorsProcessor(ChildProcessors.fromArray(conf));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        return children.apply(batch);
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
