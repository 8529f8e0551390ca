package io.sluice.bench.processors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The same two pairs as the JMH benchmarks, timed in alternation: many short rounds, each timing a block of the
 * processor and a block of the library (in alternating order), and the median of the per-round ratios. On a shared
 * machine whose load changes from second to second, sequential JMH runs put the two sides under different loads;
 * alternating in rounds of a few milliseconds puts them under the same one.
 * Run: java -cp "$CP" io.sluice.bench.processors.InterleavedRatios
 */
public final class InterleavedRatios {
    private static final int WARMUP_ROUNDS = 300;
    private static final int ROUNDS = 400;
    private static final int OPS_PER_BLOCK = 500;

    private InterleavedRatios() {
    }

    public static void main(String[] args) throws Exception {
        JqBenchmark jq = new JqBenchmark();
        jq.setup();
        report("jq: processor / jackson-jq direct", jq::jqProcessor, jq::jacksonJqDirect);
        ProtobufDecodeBenchmark pb = new ProtobufDecodeBenchmark();
        pb.setup();
        report("protobuf to_json: processor / protobuf-java direct", pb::protobufProcessor, pb::protobufJavaDirect);
    }

    private static void report(String name, Callable<?> processor, Callable<?> library) throws Exception {
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            block(processor);
            block(library);
        }
        List<Double> ratios = new ArrayList<>(); // throughput of the processor over that of the library
        long processorNanos = 0;
        long libraryNanos = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long p;
            long l;
            if (i % 2 == 0) {
                p = block(processor);
                l = block(library);
            } else {
                l = block(library);
                p = block(processor);
            }
            processorNanos += p;
            libraryNanos += l;
            ratios.add((double) l / p);
        }
        Collections.sort(ratios);
        double median = ratios.get(ROUNDS / 2);
        double q1 = ratios.get(ROUNDS / 4);
        double q3 = ratios.get(ROUNDS * 3 / 4);
        System.out.printf("%s: median ratio %.2f (quartiles %.2f..%.2f over %d rounds of %d ops); "
                        + "processor %.0f ops/s, library %.0f ops/s over the whole run%n",
                name, median, q1, q3, ROUNDS, OPS_PER_BLOCK,
                ROUNDS * (double) OPS_PER_BLOCK / (processorNanos / 1e9), ROUNDS * (double) OPS_PER_BLOCK / (libraryNanos / 1e9));
    }

    private static Object sink;

    private static long block(Callable<?> op) throws Exception {
        long start = System.nanoTime();
        Object last = null;
        for (int i = 0; i < OPS_PER_BLOCK; i++) last = op.call();
        long elapsed = System.nanoTime() - start;
        sink = last;
        return elapsed;
    }
}
