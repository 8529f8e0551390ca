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
            .summary("Splits a batch into groups by the first check each message passes, and runs each group's processors on it.")
            .description("""
                    Each group leaves as a batch of its own, e.g. for a `switch` output to send each group to its place. \
                    Messages that pass no check form one last group, left as they are. A check that fails with an error \
                    counts as false and is logged.

                    `split` breaks groups into single messages again.""")
            .config(FieldSpec.objectList("",
                    FieldSpec.bloblang("check")
                            .description("A Bloblang query returning a boolean: true puts the message in this group.")
                            .example("this.priority == \"high\"", "@kafka_partition == \"0\"", "true"),
                    FieldSpec.processors("processors").defaultValue(List.of())
                            .description("The processors run on the group, as one batch.")))
            .example("Urgent messages in a batch of their own", "Urgent messages are tagged and sent as their own batch, "
                    + "so that a `switch` output can send them on quickly.", """
                    pipeline:
                      processors:
                        - group_by:
                            - check: this.priority == "urgent"
                              processors:
                                - mapping: 'meta lane = "urgent"'
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

    /** Blocks only where the processors of one of its groups may. */
    @Override
    public boolean mayBlock() {
        for (Group g : groups) if (g.processors().mayBlock()) return true;
        return false;
    }
}
