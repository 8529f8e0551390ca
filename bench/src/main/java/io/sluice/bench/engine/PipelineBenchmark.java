package io.sluice.bench.engine;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The engine end to end in one process: generate → 3 processors → drop, {@value #MESSAGES} messages
 * per invocation; the score is messages per second. {@code threads} is the pipeline's thread count:
 * run with 1 for the per-core figure. The baseline runs the same mappings in a plain loop, so the
 * ratio of the two is what the engine (threads, hand-over queues, acknowledgements) costs.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PipelineBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PipelineBenchmark {
    static final int MESSAGES = 100_000;

    @Param({"1"})
    public int threads;

    private Mapping generate;
    private Mapping map;
    private Mapping mutate;

    @Setup
    public void compile() throws Exception {
        ExpressionLanguage lang = ExpressionLanguage.get();
        generate = lang.parseMapping("root = {\"id\": counter(), \"user\": \"ada\", \"amount\": 42}");
        map = lang.parseMapping("root.id = this.id\nroot.who = this.user.uppercase()\nroot.cents = this.amount * 100");
        mutate = lang.parseMapping("root.big = this.cents > 1000");
    }

    /** Baseline: the same three mappings applied in a plain loop, no engine, no threads, no acks. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long baselineSameWorkInALoop() throws Exception {
        long n = 0;
        Batch empty = Batch.of(Part.of(""));
        for (int i = 0; i < MESSAGES; i++) {
            Batch b = Batch.of(generate.map(empty, 0));
            b = Batch.of(map.map(b, 0));
            mutate.mutate(b, 0);
            n += b.size();
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long generateThreeProcessorsDrop() throws Exception {
        return runToEnd("bench", threeProcessors(MESSAGES, threads, null));
    }

    /**
     * generate → mapping, mutation, noop → drop, the pipeline both this benchmark and {@code StreamMetricsBenchmark}
     * measure (so their figures compare); {@code metrics} names the metrics type, or null for the default.
     */
    public static String threeProcessors(int messages, int threads, String metrics) {
        String yaml = """
                input:
                  generate:
                    count: %d
                    interval: ""
                    mapping: 'root = {"id": counter(), "user": "ada", "amount": 42}'
                pipeline:
                  threads: %d
                  processors:
                    - mapping: |
                        root.id = this.id
                        root.who = this.user.uppercase()
                        root.cents = this.amount * 100
                    - mutation: 'root.big = this.cents > 1000'
                    - noop: {}
                output:
                  drop: {}
                logger:
                  level: WARN
                """.formatted(messages, threads);
        return metrics == null ? yaml : yaml + "metrics:\n  " + metrics + ": {}\n";
    }

    /** Builds and runs a stream until its input ends; returns how many messages the output sent. */
    public static long runToEnd(String name, String yaml) throws Exception {
        Stream s = new StreamBuilder(ComponentRegistry.global()).build(name, ConfigLoader.parseRaw(yaml, "bench.yaml")).start();
        s.done().get(5, TimeUnit.MINUTES);
        return s.metrics().get("output_sent");
    }
}
