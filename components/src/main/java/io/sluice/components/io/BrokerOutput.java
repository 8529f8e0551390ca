package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code broker} output: routes each batch to several outputs according to a pattern.
 * <ul>
 *   <li>{@code fan_out}: every output gets a copy, all at once; a failing output is retried until it
 *       succeeds, so one bad output cannot cause duplicates in the good ones.</li>
 *   <li>{@code fan_out_sequential}: the same, one output after the other.</li>
 *   <li>{@code fan_out_fail_fast} / {@code fan_out_sequential_fail_fast}: no retries; a failure
 *       rejects the batch (and its replay reaches every output again).</li>
 *   <li>{@code round_robin}: each batch goes to the next output in turn.</li>
 *   <li>{@code greedy}: each batch goes to whichever output is free first.</li>
 * </ul>
 */
public final class BrokerOutput implements Output {

    static final List<String> PATTERNS = List.of("fan_out", "fan_out_fail_fast", "fan_out_sequential",
            "fan_out_sequential_fail_fast", "round_robin", "greedy");

    public static final ComponentSpec SPEC = ComponentSpec.output("broker")
            .categories("Utility")
            .summary("Allows you to route messages to multiple child outputs using a range of brokering patterns.")
            .description("""
                    Processors can be listed to apply across individual outputs or all outputs.

                    ### Patterns

                    - `fan_out`: all outputs are sent every message in parallel. If an output applies back pressure it blocks all subsequent messages, \
                    and if an output fails to send a message it is retried continuously until completion or service shut down.
                    - `fan_out_fail_fast`: the same as `fan_out`, except that output failures are not retried. Use with caution: \
                    retry loops could introduce unlimited duplicates into the non-failing outputs.
                    - `fan_out_sequential`: like `fan_out`, but outputs are written to one after the other, each only once the preceding output confirmed receipt.
                    - `fan_out_sequential_fail_fast`: the same as `fan_out_sequential`, without retries.
                    - `round_robin`: each message is assigned a single output following their order.
                    - `greedy`: each message is sent to a single output, whichever is able to process it first.""")
            .fields(FieldSpec.integer("copies").defaultValue(1).advanced()
                            .description("The number of copies of each configured output to spawn."),
                    FieldSpec.string("pattern").defaultValue("fan_out").options(PATTERNS.toArray(String[]::new))
                            .description("The brokering pattern to use."),
                    FieldSpec.outputs("outputs").defaultValue(List.of()).description("A list of child outputs to broker."),
                    BatchPolicy.FIELD)
            .example("Fan out with a best-effort output", "Write every message to a file, and to stdout without letting stdout failures hold things up.", """
                    output:
                      broker:
                        pattern: fan_out
                        outputs:
                          - file:
                              path: ./out.jsonl
                          - drop_on:
                              error: true
                              output:
                                stdout: {}
                    """);

    private final String pattern;
    private final List<Child> outputs;
    private final AtomicLong next = new AtomicLong();
    private final BlockingQueue<Child> idle; // greedy: one entry per free write slot

    BrokerOutput(String pattern, List<Output> children, ComponentLog log) {
        this.pattern = pattern;
        boolean retry = pattern.equals("fan_out") || pattern.equals("fan_out_sequential");
        List<Child> l = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            Output o = retry ? RetryOutput.indefinitely(children.get(i), log) : children.get(i);
            l.add(new Child(o, "broker.outputs." + i, log));
        }
        this.outputs = List.copyOf(l);
        if (pattern.equals("greedy")) {
            idle = new LinkedBlockingQueue<>();
            for (Child c : outputs) for (int i = 0; i < c.maxInFlight(); i++) idle.add(c);
        } else {
            idle = null;
        }
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        int copies = conf.integer("copies");
        if (copies < 1) throw new ConfigException(conf.child("copies").position(), conf.child("copies").path(), "copies must be at least 1");
        List<Output> children = new ArrayList<>();
        for (int i = 0; i < copies; i++) children.addAll(conf.outputs("outputs"));
        if (children.isEmpty()) {
            throw new ConfigException(conf.child("outputs").position(), conf.child("outputs").path(),
                    "attempting to create broker output type with no outputs");
        }
        String pattern = conf.string("pattern");
        if (!PATTERNS.contains(pattern)) {
            throw new ConfigException(conf.child("pattern").position(), conf.child("pattern").path(), "broker pattern was not recognised: " + pattern);
        }
        return new BrokerOutput(pattern, children, ctx.log());
    }

    @Override
    public void connect() {
        for (Child c : outputs) c.connectQuietly();
    }

    @Override
    public void write(Batch batch) throws Exception {
        switch (pattern) {
            case "fan_out", "fan_out_fail_fast" -> {
                List<Child.Task> writes = new ArrayList<>();
                for (Child c : outputs) {
                    Batch copy = batch.copy();
                    writes.add(() -> c.write(copy));
                }
                Exception failure = Child.runAll(writes);
                if (failure != null) throw failure;
            }
            case "fan_out_sequential", "fan_out_sequential_fail_fast" -> {
                for (Child c : outputs) c.write(batch.copy());
            }
            case "round_robin" -> outputs.get((int) Math.floorMod(next.getAndIncrement(), (long) outputs.size())).write(batch);
            case "greedy" -> {
                Child c = idle.take();
                try {
                    c.write(batch);
                } finally {
                    idle.add(c);
                }
            }
            default -> throw new IllegalStateException("unknown pattern " + pattern);
        }
    }

    @Override
    public int maxInFlight() {
        return switch (pattern) {
            case "round_robin", "greedy" -> outputs.stream().mapToInt(Child::maxInFlight).sum();
            default -> outputs.stream().mapToInt(Child::maxInFlight).max().orElse(1);
        };
    }

    @Override
    public void close() {
        Child.closeAll(outputs);
    }
}
