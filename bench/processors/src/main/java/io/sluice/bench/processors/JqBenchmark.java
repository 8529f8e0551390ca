package io.sluice.bench.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code jq} processor against jackson-jq called directly, on the same program and document: JSON bytes in,
 * JSON bytes out. The difference is what the processor adds (the message, its metadata variable, the batch).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark) // checkstyle:fqn-ok clashes with imported jq.Scope
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class JqBenchmark {
    static final String PROGRAM = "{order: .id, customer: .customer.name, total: ([.items[] | .price * .qty] | add)}";
    static final byte[] DOC = ("{\"id\":\"o-1\",\"customer\":{\"name\":\"Ada\",\"tier\":\"gold\"},\"items\":[{\"sku\":\"a\",\"price\":2.5,\"qty\":4},"
            + "{\"sku\":\"b\",\"price\":10,\"qty\":1},{\"sku\":\"c\",\"price\":0.99,\"qty\":10},{\"sku\":\"d\",\"price\":5,\"qty\":2}]}")
            .getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();
    private Processor processor;
    private JsonQuery query;
    private Scope scope;

    @Setup
    public void setup() throws Exception {
        processor = (Processor) TestKit.component(ComponentKind.PROCESSOR, "jq", "query: '" + PROGRAM + "'");
        scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        query = JsonQuery.compile(PROGRAM, Versions.JQ_1_6);
        String ours = new String(jqProcessor(), StandardCharsets.UTF_8);
        String theirs = new String(jacksonJqDirect(), StandardCharsets.UTF_8);
        if (!ours.equals(theirs)) throw new IllegalStateException("the two sides disagree: " + ours + " vs " + theirs);
    }

    @Benchmark
    public byte[] jqProcessor() throws Exception {
        List<Batch> out = processor.process(Batch.of(new Part(DOC)));
        return out.get(0).get(0).bytes();
    }

    @Benchmark
    public byte[] jacksonJqDirect() throws Exception {
        JsonNode in = JSON.readTree(DOC);
        List<JsonNode> results = new ArrayList<>(1);
        query.apply(Scope.newChildScope(scope), in, results::add);
        return JSON.writeValueAsBytes(results.get(0));
    }
}
