package io.sluice.bench.bloblang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bloblang against jackson-jq on the same three realistic transformations, end to end: JSON bytes in,
 * JSON bytes out (parse, transform, serialise), as a processor in a pipeline does it.
 *
 * <ul>
 *   <li>{@code rename}: pick and rename fields, concatenate strings, multiply numbers</li>
 *   <li>{@code filter}: drop debug events (half of the input) with {@code deleted()} / {@code select}</li>
 *   <li>{@code sum}: {@code map_each} over an array of line items and {@code sum} them</li>
 * </ul>
 *
 * Run: see bloblang/README.md ("Benchmarks").
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark) // checkstyle:fqn-ok clashes with imported jq.Scope
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BloblangVsJqBenchmark {

    @Param({"rename", "filter", "sum"})
    public String scenario;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BloblangMapping bloblang;
    private JsonQuery jq;
    private Scope jqScope;
    private byte[][] inputs;
    private Object[] parsed;
    private JsonNode[] parsedNodes;
    private int next;

    @Setup
    public void setup() throws Exception {
        String blobl;
        String jqSource;
        List<String> docs = new ArrayList<>();
        switch (scenario) {
            case "rename" -> {
                blobl = """
                        root.id = this.id
                        root.name = this.user.first + " " + this.user.last
                        root.total = this.price * this.qty
                        """;
                jqSource = "{id: .id, name: (.user.first + \" \" + .user.last), total: (.price * .qty)}";
                docs.add("{\"id\":42,\"user\":{\"first\":\"Ada\",\"last\":\"Lovelace\",\"email\":\"ada@example.com\"},\"price\":12.5,\"qty\":3,\"tags\":[\"a\",\"b\"]}");
            }
            case "filter" -> {
                blobl = "root = if this.level == \"debug\" { deleted() } else { this }";
                jqSource = "select(.level != \"debug\")";
                docs.add("{\"level\":\"info\",\"msg\":\"user logged in\",\"user\":\"ada\",\"ts\":1700000000}");
                docs.add("{\"level\":\"debug\",\"msg\":\"cache miss\",\"key\":\"k1\",\"ts\":1700000001}");
            }
            case "sum" -> {
                blobl = "root.order = this.id\nroot.total = this.items.map_each(i -> i.price * i.qty).sum()";
                jqSource = "{order: .id, total: ([.items[] | .price * .qty] | add)}";
                docs.add("{\"id\":\"o-1\",\"items\":[{\"sku\":\"a\",\"price\":2.5,\"qty\":4},{\"sku\":\"b\",\"price\":10,\"qty\":1},"
                        + "{\"sku\":\"c\",\"price\":0.99,\"qty\":10},{\"sku\":\"d\",\"price\":5,\"qty\":2},{\"sku\":\"e\",\"price\":1.25,\"qty\":8}]}");
            }
            default -> throw new IllegalArgumentException(scenario);
        }
        bloblang = Bloblang.compile(blobl);
        jqScope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, jqScope);
        jq = JsonQuery.compile(jqSource, Versions.JQ_1_6);
        inputs = new byte[docs.size()][];
        for (int i = 0; i < docs.size(); i++) inputs[i] = docs.get(i).getBytes(StandardCharsets.UTF_8);
        parsed = new Object[docs.size()];
        parsedNodes = new JsonNode[docs.size()];
        for (int i = 0; i < docs.size(); i++) {
            parsed[i] = Structured.parseJson(inputs[i]);
            parsedNodes[i] = JSON.readTree(inputs[i]);
        }
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % inputs.length;
        return i;
    }

    private byte[] nextInput() {
        byte[] in = inputs[next];
        next = (next + 1) % inputs.length;
        return in;
    }

    /** The transformation alone, on an already parsed document (no JSON codec in the loop). */
    @Benchmark
    public void bloblangPreParsed(Blackhole bh) throws Exception {
        bh.consume(bloblang.query(Batch.of(Part.ofStructured(parsed[nextIndex()])), 0));
    }

    /** The transformation alone, on an already parsed document (no JSON codec in the loop). */
    @Benchmark
    public void jacksonJqPreParsed(Blackhole bh) throws Exception {
        List<JsonNode> out = new ArrayList<>(1);
        jq.apply(Scope.newChildScope(jqScope), parsedNodes[nextIndex()], out::add);
        bh.consume(out);
    }

    /** JSON bytes in, JSON bytes out. */
    @Benchmark
    public void bloblang(Blackhole bh) throws Exception {
        Part out = bloblang.map(Batch.of(new Part(nextInput())), 0);
        bh.consume(out == null ? null : out.bytes());
    }

    /** JSON bytes in, JSON bytes out. */
    @Benchmark
    public void jacksonJq(Blackhole bh) throws Exception {
        JsonNode in = JSON.readTree(nextInput());
        List<JsonNode> out = new ArrayList<>(1);
        jq.apply(Scope.newChildScope(jqScope), in, out::add);
        bh.consume(out.isEmpty() ? null : JSON.writeValueAsBytes(out.get(0)));
    }
}
