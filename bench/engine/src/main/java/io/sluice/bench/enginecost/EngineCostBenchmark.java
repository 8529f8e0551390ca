package io.sluice.bench.enginecost;

import com.sun.management.OperatingSystemMXBean;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;
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
 * Issue 20's rows in one JVM: each invocation builds the row's stream with {@value #MESSAGES} messages and runs
 * it to its end; the score is wall time per message. Because the engine may use several threads, each
 * measurement iteration also prints the process's CPU time per message ({@code cpu/msg}), the figure the
 * issue's target is about. {@code plainLoop} does the row's Bloblang work without the engine.
 *
 * <p>Run: {@code bench/engine/run.sh jmh} (or add {@code -prof gc} for allocation per message).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineCostBenchmark {
    static final int MESSAGES = 200_000;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Param({"generate-drop", "generate-mapping-drop", "generate-mapping-drop-batched"})
    public String row;

    private Rows.PlainLoop plain;
    private long cpuAtStart;
    private long messages;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        plain = new Rows.PlainLoop(row);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpuAtStart = OS.getProcessCpuTime();
        messages = 0;
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        double cpuMicros = (OS.getProcessCpuTime() - cpuAtStart) / 1e3 / Math.max(1, messages);
        System.out.printf(" [cpu/msg %.3f µs, %.0f msg/s per core]", cpuMicros, 1e6 / cpuMicros);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long stream() throws Exception {
        Stream s = new StreamBuilder(ComponentRegistry.global()).build("bench", Rows.config(row, MESSAGES)).start();
        s.done().get(5, TimeUnit.MINUTES);
        messages += MESSAGES;
        return s.metrics().get("output_sent");
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long plainLoop() throws Exception {
        messages += MESSAGES;
        return plain.run(MESSAGES);
    }
}
