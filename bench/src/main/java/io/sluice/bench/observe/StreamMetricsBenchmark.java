package io.sluice.bench.observe;

import com.sun.management.OperatingSystemMXBean;
import io.sluice.bench.engine.PipelineBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * What the per-component meters cost the engine: generate → 3 processors → drop, {@value #MESSAGES} messages per
 * invocation, once with {@code metrics: none} (no decorators) and once with the default {@code prometheus} (a
 * counter/timer decorator on each processor and the output, the engine's counters bridged). Same run, same JVM
 * settings; the ratio of the two scores is the overhead.
 *
 * <p>Each iteration also prints the process's CPU time per message ({@code cpu/msg}): on a machine shared with other
 * work the score (wall time) moves with the neighbours, the CPU time much less.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StreamMetricsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class StreamMetricsBenchmark {
    static final int MESSAGES = 100_000;

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Param({"none", "prometheus"})
    public String metrics;

    private long cpuAtStart;
    private long messages;

    @Setup(Level.Iteration)
    public void startIteration() {
        cpuAtStart = OS.getProcessCpuTime();
        messages = 0;
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        System.out.printf(" [cpu/msg %.0f ns]", (OS.getProcessCpuTime() - cpuAtStart) / (double) Math.max(1, messages));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long generateThreeProcessorsDrop() throws Exception {
        long sent = PipelineBenchmark.runToEnd("bench-" + metrics, PipelineBenchmark.threeProcessors(MESSAGES, 1, metrics));
        messages += MESSAGES;
        return sent;
    }
}
