package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code switch} output: routes each message of a batch to the outputs of the cases whose
 * {@code check} passes (the first passing case only, unless it says {@code continue}). The parts
 * routed to each output are written together, all outputs at once; the batch is acknowledged when
 * every write succeeded. Messages no case accepts are dropped, or, in {@code strict_mode}, fail
 * the whole batch.
 */
public final class SwitchOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("switch")
            .categories("Utility")
            .summary("Routes each message to the output of the first case whose check it passes.")
            .description("Cases are tested in order; a case with `continue: true` lets the message go on to the next cases as well, so one "
                    + "message can reach several outputs. The messages of a batch bound for one output are written together, all outputs at "
                    + "once, and the batch is acknowledged when every write succeeded. A message that passes no case is dropped without a "
                    + "word, which is easy to miss: end with a case without `check` as a catch-all, or set `strict_mode` to fail such messages instead.")
            .fields(FieldSpec.bool("retry_until_success").defaultValue(false)
                            .description("Retry a failed write to a case's output until it succeeds, instead of failing the batch back to the input. "
                                    + "Set it when a message can reach several outputs: otherwise one failing output makes the input redeliver the "
                                    + "message, and the outputs that did succeed receive it twice."),
                    FieldSpec.bool("strict_mode").defaultValue(false).advanced()
                            .description("Fail a message that passes no case, so that the input rejects it, instead of dropping it."),
                    FieldSpec.objectList("cases",
                                    FieldSpec.bloblang("check").defaultValue("")
                                            .description("A Bloblang query returning a boolean: true routes the message to this case's output. Empty matches every message.")
                                            .example("this.level == \"error\"", "meta(\"kafka_topic\").has_prefix(\"audit.\")"),
                                    FieldSpec.output("output").description("Where the messages that pass the check go."),
                                    FieldSpec.bool("continue").defaultValue(false).advanced()
                                            .description("After this case matched, test the following cases too."))
                            .minItems(2, "a switch output needs at least two cases (found {n})")
                            .description("The cases, tested in order. At least two."))
            .example("Errors to a file, the rest to stdout", "Log lines at level `error` are kept in a file and also printed; "
                    + "everything else is only printed.", """
                    output:
                      switch:
                        cases:
                          - check: this.level == "error"
                            continue: true
                            output:
                              file:
                                path: ./errors.jsonl
                                codec: lines
                          - output:
                              stdout: {}
                    """);

    /** One case: a check (null passes everything), where to send, and whether to keep testing. */
    record Case(Mapping check, Output output, boolean continueAfter) {
    }

    private final List<Mapping> checks = new ArrayList<>();
    private final List<Boolean> continues = new ArrayList<>();
    private final List<Child> outputs = new ArrayList<>();
    private final boolean strict;
    private final ComponentLog log;

    SwitchOutput(List<Case> cases, boolean retryUntilSuccess, boolean strict, ComponentLog log) {
        this.strict = strict;
        this.log = log;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Output o = retryUntilSuccess ? RetryOutput.indefinitely(c.output(), log) : c.output();
            checks.add(c.check());
            continues.add(c.continueAfter());
            outputs.add(new Child(o, "switch.cases." + i + ".output", log));
        }
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        List<Conf> caseConfs = conf.list("cases");
        boolean retry = conf.bool("retry_until_success");
        List<Case> cases = new ArrayList<>();
        for (Conf c : caseConfs) {
            String check = c.string("check");
            Mapping m = check == null || check.isBlank() ? null : c.mapping("check");
            if (retry && isReject(c.child("output"))) {
                ctx.log().warn("switch case {} sends to a reject output while retry_until_success is true: its messages are retried forever", c.path());
            }
            cases.add(new Case(m, ctx.output(c.child("output")), c.bool("continue")));
        }
        return new SwitchOutput(cases, retry, conf.bool("strict_mode"), ctx.log());
    }

    private static boolean isReject(Conf output) {
        return output.value() instanceof Map<?, ?> m && (m.containsKey("reject") || "reject".equals(m.get("type")));
    }

    @Override
    public void connect() {
        for (Child c : outputs) c.connectQuietly();
    }

    @Override
    public void write(Batch batch) throws Exception {
        List<Batch> targets = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) targets.add(new Batch());
        for (int p = 0; p < batch.size(); p++) {
            boolean routed = false;
            for (int c = 0; c < checks.size(); c++) {
                if (!passes(c, batch, p)) continue;
                routed = true;
                targets.get(c).add(batch.get(p).copy());
                if (!continues.get(c)) break;
            }
            if (!routed && strict) {
                log.error("a message passed no case and strict_mode is on: the batch fails, for the input to redeliver or reject");
                throw new Exception("no switch output conditions were met by message");
            }
        }
        List<Child.Task> writes = new ArrayList<>();
        for (int c = 0; c < outputs.size(); c++) {
            Batch b = targets.get(c);
            if (b.isEmpty()) continue;
            Child out = outputs.get(c);
            writes.add(() -> out.write(b));
        }
        if (writes.isEmpty()) return;
        Exception failure = Child.runAll(writes);
        if (failure != null) throw failure;
    }

    private boolean passes(int caseIndex, Batch batch, int part) {
        Mapping check = checks.get(caseIndex);
        if (check == null) return true;
        try {
            return check.check(batch, part);
        } catch (Exception e) {
            log.error("failed to test case {}: {}", caseIndex, Child.describe(e));
            return false;
        }
    }

    @Override
    public int maxInFlight() {
        return outputs.stream().mapToInt(Child::maxInFlight).max().orElse(1);
    }

    @Override
    public void close() {
        Child.closeAll(outputs);
    }
}
