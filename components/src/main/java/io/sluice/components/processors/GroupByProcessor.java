package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** Splits a batch into one batch per group, a group being the first check a message passes. */
final class GroupByProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("group_by")
            .categories("Composition")
            .summary("Splits a batch of messages into N batches, where each resulting batch contains a group of messages determined by a query.")
            .description("""
                    Each message joins the first group whose check it passes; the group's processors then run on the \
                    group as a batch, for example to label it. Messages that pass no check form one last group of their \
                    own, unprocessed. A check that fails with an error counts as false (and is logged).

                    Follow with a `split` processor to break groups down into single messages.""")
            .config(FieldSpec.objectList("",
                    FieldSpec.bloblang("check")
                            .description("A query that should return a boolean value indicating whether a message belongs to a given group.")
                            .example("this.type == \"foo\"", "this.contents.urls.contains(\"https://benthos.dev/\")", "true"),
                    FieldSpec.processors("processors").defaultValue(List.of())
                            .description("A list of processors to execute on the newly formed group.")))
            .example("Grouped processing", "Label the foos so that a switch output can route them.", """
                    pipeline:
                      processors:
                        - group_by:
                            - check: content().contains("this is a foo")
                              processors:
                                - mapping: 'meta grouping = "foo"'
                    """);

    record Group(Mapping check, ChildProcessors processors) {
    }

    private final List<Group> groups;
    private final ComponentContext ctx;

    GroupByProcessor(List<Group> groups, ComponentContext ctx) {
        this.groups = List.copyOf(groups);
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        List<Group> groups = new ArrayList<>();
        for (Conf g : conf.elements()) groups.add(new Group(g.mapping("check"), ChildProcessors.fromField(g, "processors")));
        return new GroupByProcessor(groups, ctx);
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        List<Batch> grouped = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) grouped.add(new Batch());
        Batch groupless = new Batch();
        for (int i = 0; i < batch.size(); i++) {
            int g = firstMatch(batch, i);
            (g < 0 ? groupless : grouped.get(g)).add(batch.get(i));
        }
        List<Batch> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (!grouped.get(g).isEmpty()) out.addAll(groups.get(g).processors().apply(grouped.get(g)));
        }
        if (!groupless.isEmpty()) out.add(groupless);
        return out;
    }

    private int firstMatch(Batch batch, int index) {
        for (int g = 0; g < groups.size(); g++) {
            try {
                if (groups.get(g).check().check(batch, index)) return g;
            } catch (MappingException | MessageParseException e) {
                ctx.log().error("failed to test group {}: {}", g, e.getMessage());
            }
        }
        return -1;
    }

    @Override
    public void close() {
        for (Group g : groups) g.processors().close();
    }
}
