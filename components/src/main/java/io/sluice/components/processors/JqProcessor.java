package io.sluice.components.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The {@code jq} processor: replaces each message by the result of a jq program, run by jackson-jq. */
final class JqProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("jq")
            .categories("Mapping")
            .summary("Rewrites or filters each message with a jq program.")
            .description("""
                    The program runs on the message as JSON (or on its text as one JSON string, with `raw`) and the \
                    message becomes what it yields. No value at all drops the message; several values become one JSON \
                    array of them. The message's metadata is there to read as `$metadata`. Programs run on jackson-jq \
                    (jq 1.6 semantics), which covers the jq language and its builtins without a jq binary. A program that \
                    fails at run time, or a message that is not JSON, leaves the message as it was and flags it with the \
                    error for `catch` or `try`. Where no jq program exists yet, the `mapping` processor is the faster choice.""")
            .fields(FieldSpec.string("query")
                            .description("The jq program to run on each message.")
                            .rule(JqProcessor::compileProblem)
                            .example(".order | {id, total: (.lines | map(.price * .qty) | add)}", "select(.level == \"error\")", ".items[]"),
                    FieldSpec.bool("raw").defaultValue(false).advanced()
                            .description("Hand the program the message's text as one JSON string instead of parsing it as JSON."),
                    FieldSpec.bool("output_raw").defaultValue(false).advanced()
                            .description("When the program yields a string, write its text without JSON quotes (as `jq -r` does)."))
            .example("Order totals", "Each order message becomes its id and the sum of its lines; other events are dropped.", """
                    pipeline:
                      processors:
                        - jq:
                            query: 'select(.type == "order") | {id: .id, total: ([.lines[] | .price * .qty] | add), source: $metadata.source}'
                    """);

    /** Builtins are loaded once; each program gets a child scope of its own. */
    private static final Scope BUILTINS = builtins();

    private final JsonQuery query;
    private final boolean raw;
    private final boolean outputRaw;

    JqProcessor(JsonQuery query, boolean raw, boolean outputRaw, ComponentContext ctx) {
        super(ctx);
        this.query = query;
        this.raw = raw;
        this.outputRaw = outputRaw;
    }

    static JqProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        try {
            return new JqProcessor(compile(conf.string("query")), conf.bool("raw"), conf.bool("output_raw"), ctx);
        } catch (JsonQueryException e) {
            throw conf.invalid("query", "invalid jq query: " + e.getMessage());
        }
    }

    static JsonQuery compile(String program) throws JsonQueryException {
        return JsonQuery.compile(program, Versions.JQ_1_6);
    }

    private static String compileProblem(Object value) {
        if (!(value instanceof String s)) return null;
        try {
            compile(s);
            return null;
        } catch (JsonQueryException e) {
            return "invalid jq query: " + e.getMessage();
        }
    }

    private static Scope builtins() {
        Scope root = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, root);
        return root;
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        JsonNode in = raw ? TextNode.valueOf(part.text()) : JsonNodes.body(part);
        Scope scope = Scope.newChildScope(BUILTINS);
        scope.setValue("metadata", () -> JsonNodes.metadata(part));
        List<JsonNode> results = new ArrayList<>(1);
        try {
            query.apply(scope, in, results::add);
        } catch (JsonQueryException e) {
            throw new ProcessingFailure("jq: " + e.getMessage());
        }
        if (results.isEmpty()) return List.of();
        JsonNode result = results.size() == 1 ? results.get(0) : JsonNodes.MAPPER.createArrayNode().addAll(results);
        if (outputRaw && result.isTextual()) part.setBytes(result.textValue().getBytes(StandardCharsets.UTF_8));
        else part.setBytes(JsonNodes.bytes(result));
        return List.of(part);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
