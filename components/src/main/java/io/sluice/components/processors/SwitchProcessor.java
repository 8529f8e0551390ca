package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.PartContext;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Routes each message of a batch to the processors of the first case whose check passes. */
final class SwitchProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("switch")
            .categories("Composition")
            .summary("Runs the processors of the first case whose check a message passes.")
            .description("""
                    Cases are tried in order and the first one that matches takes the message; a case without `check` \
                    matches everything, so put it last. A message that matches no case goes on unchanged.

                    Each message is checked on its own, and the messages that match one case go through its processors \
                    together. Afterwards they are put back into one batch in their original order, so a case cannot split \
                    a batch into several; `group_by` does that.

                    A check that fails with an error flags the message, which then skips the remaining cases.""")
            .config(FieldSpec.objectList("",
                    FieldSpec.bloblang("check").defaultValue("")
                            .description("A Bloblang query returning a boolean: true runs this case's processors on the message. Empty matches every message.")
                            .example("this.level == \"error\"", "@kafka_topic == \"payments\" && this.amount > 1000"),
                    FieldSpec.processors("processors").defaultValue(List.of())
                            .description("The processors for the messages that match."),
                    FieldSpec.bool("fallthrough").defaultValue(false).advanced()
                            .description("After this case's processors, also run the next case's processors on the message, without testing its check.")))
            .alsoAccepts(SwitchProcessor::casesUnwrapped)
            .example("Handle events by kind", "Payments are tagged for review, test events are dropped, everything else "
                    + "passes unchanged.", """
                    pipeline:
                      processors:
                        - switch:
                            - check: this.kind == "payment"
                              processors:
                                - mapping: |
                                    root = this
                                    root.review = this.amount > 1000
                            - check: this.kind == "test"
                              processors:
                                - mapping: root = deleted()
                    """);

    /**
     * Published configs, the Tyk Streams docs among them, write this processor the way the switch
     * output is written: an object whose {@code cases} holds the list. Both mean the same.
     */
    static ConfigNode casesUnwrapped(ConfigNode node) {
        return node instanceof ConfigNode.MapNode m && m.entries().size() == 1 && m.get("cases") != null ? m.get("cases") : node;
    }

    record Case(Mapping check, ChildProcessors processors, boolean fallthrough) {
    }

    /** A message on its way through the switch, tagged with the index it arrived at. */
    private record Routed(Part part, int origin) {
    }

    private final List<Case> cases;
    private final ComponentContext ctx;

    SwitchProcessor(List<Case> cases, ComponentContext ctx) {
        this.cases = List.copyOf(cases);
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (Conf c : conf.elements()) {
            Mapping check = c.string("check").isBlank() ? null : c.mapping("check");
            ChildProcessors processors = ChildProcessors.fromField(c, "processors");
            if (processors.isEmpty()) {
                throw c.invalid("a case needs processors; for a case that changes nothing, use `noop`");
            }
            cases.add(new Case(check, processors, c.bool("fallthrough")));
        }
        return new SwitchProcessor(cases, ctx);
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        List<Routed> result = new ArrayList<>(batch.size());
        List<Routed> remaining = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) remaining.add(new Routed(batch.get(i), i));
        List<Routed> carried = List.of();

        for (int c = 0; c < cases.size(); c++) {
            Case sc = cases.get(c);
            List<Routed> passed = new ArrayList<>(carried);
            List<Routed> failed = new ArrayList<>();
            Batch tested = new Batch(remaining.stream().map(Routed::part).toList());
            for (int j = 0; j < remaining.size(); j++) {
                Routed r = remaining.get(j);
                if (sc.check() == null) {
                    passed.add(r);
                    continue;
                }
                try {
                    (sc.check().check(tested, j) ? passed : failed).add(r);
                } catch (MappingException | MessageParseException e) {
                    ctx.log().error("failed to test case {}: {}", c, e.getMessage());
                    r.part().setError(e);
                    result.add(r);
                }
            }
            remaining = failed;
            List<Routed> processed = passed.isEmpty() ? List.of() : runCase(sc, passed, batch);
            if (sc.fallthrough()) {
                carried = processed;
            } else {
                carried = List.of();
                result.addAll(processed);
            }
        }
        // Messages that fell through the last case are kept rather than lost.
        result.addAll(carried);
        result.addAll(remaining);
        if (result.isEmpty()) return List.of();
        result.sort(Comparator.comparingInt(Routed::origin));
        Batch out = new Batch();
        for (Routed r : result) out.add(r.part());
        return List.of(out);
    }

    /**
     * Runs a case's processors on the messages that passed and tags what comes out with origin
     * indexes, so that the final batch keeps the arrival order. When as many messages come out as
     * went in they are matched by position. Otherwise each is matched to an input message by identity,
     * then by its {@link io.sluice.core.message.PartContext} (which copies share, e.g. the pieces of a
     * split message), and a message with no match stays next to the one before it.
     */
    private List<Routed> runCase(Case sc, List<Routed> passed, Batch original) throws InterruptedException {
        List<Part> out = ChildProcessors.flatten(sc.processors().apply(new Batch(passed.stream().map(Routed::part).toList())));
        List<Routed> tagged = new ArrayList<>(out.size());
        if (out.size() == passed.size()) {
            for (int j = 0; j < out.size(); j++) tagged.add(new Routed(out.get(j), passed.get(j).origin()));
            return tagged;
        }
        Map<Part, Integer> byPart = new IdentityHashMap<>();
        Map<PartContext, Integer> byContext = new IdentityHashMap<>();
        for (int i = 0; i < original.size(); i++) {
            byPart.putIfAbsent(original.get(i), i);
            byContext.putIfAbsent(original.get(i).context(), i);
        }
        int previous = passed.get(0).origin();
        for (Part p : out) {
            Integer origin = byPart.get(p);
            if (origin == null) origin = byContext.get(p.context());
            int at = origin != null ? origin : previous;
            tagged.add(new Routed(p, at));
            previous = at;
        }
        return tagged;
    }

    @Override
    public void close() {
        for (Case c : cases) c.processors().close();
    }

    /** Blocks only where the processors of one of its cases may. */
    @Override
    public boolean mayBlock() {
        for (Case c : cases) if (c.processors().mayBlock()) return true;
        return false;
    }
}
