package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
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
            .summary("Sends each batch to several outputs, or shares batches out among them, as `pattern` says.")
            .description("""
                    - `fan_out`: every output gets every batch, all at the same time. An output that fails is retried until \
                    it succeeds, so the others never get a duplicate; but a slow or broken output holds up everything after it.
                    - `fan_out_fail_fast`: like `fan_out`, without the retries. A failure rejects the batch, and when the \
                    input delivers it again every output gets it again, including those that had it already.
                    - `fan_out_sequential`: like `fan_out`, one output after the other, each once the one before has taken \
                    the batch.
                    - `fan_out_sequential_fail_fast`: `fan_out_sequential` without the retries.
                    - `round_robin`: each batch goes to one output, the next one in turn.
                    - `greedy`: each batch goes to one output, whichever is free first.

                    Each output may have its own `processors`, which then apply to its copy only.""")
            .fields(FieldSpec.integer("copies").defaultValue(1).min(1).advanced()
                            .description("How many instances of each output to run; mostly useful with `greedy`, to write in parallel."),
                    FieldSpec.string("pattern").defaultValue("fan_out").options(PATTERNS.toArray(String[]::new))
                            .description("How batches are shared out; see above."),
                    FieldSpec.outputs("outputs").defaultValue(List.of()).nonEmpty("attempting to create broker output type with no outputs").description("The outputs."),
                    BatchPolicy.FIELD)
            .example("Kafka and an audit file", "Every event goes to Kafka and, with only the fields auditors need, to a local file.", """
                    output:
                      broker:
                        pattern: fan_out
                        outputs:
                          - kafka:
                              addresses: [ 127.0.0.1:9092 ]
                              topic: events
                          - file:
                              path: ./audit.jsonl
                            processors:
                              - mapping: 'root = {"id": this.id, "actor": this.actor, "at": now()}'
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
        List<Output> children = new ArrayList<>();
        for (int i = 0; i < copies; i++) children.addAll(ctx.outputs(conf.child("outputs")));
        return new BrokerOutput(conf.string("pattern"), children, ctx.log());
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
