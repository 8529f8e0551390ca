package io.sluice.components.processors;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** The {@code jmespath} processor: replaces each JSON message by the result of a JMESPath expression. */
final class JmespathProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("jmespath")
            .categories("Mapping")
            .summary("Replaces each JSON message by what a JMESPath expression selects from it.")
            .description("""
                    The expression is evaluated against the message parsed as JSON and the message becomes its result, \
                    also when that is `null`. A message that is not JSON, or an expression that fails on it (e.g. a \
                    function given the wrong type), leaves the message unchanged and flags it with the error. \
                    Expressions follow the JMESPath specification, evaluated by the jmespath-java library.""")
            .fields(FieldSpec.string("query")
                    .description("The JMESPath expression to evaluate on each message.")
                    .rule(JmespathProcessor::compileProblem)
                    .example("locations[?state == 'WA'].name | sort(@)", "{user: user.name, roles: roles[*].id}"));

    private static final JacksonRuntime RUNTIME = new JacksonRuntime();

    private final Expression<JsonNode> expression;

    JmespathProcessor(Expression<JsonNode> expression, ComponentContext ctx) {
        super(ctx);
        this.expression = expression;
    }

    static JmespathProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        try {
            return new JmespathProcessor(RUNTIME.compile(conf.string("query")), ctx);
        } catch (JmesPathException e) {
            throw conf.invalid("query", "invalid JMESPath query: " + e.getMessage());
        }
    }

    private static String compileProblem(Object value) {
        if (!(value instanceof String s)) return null;
        try {
            RUNTIME.compile(s);
            return null;
        } catch (JmesPathException e) {
            return "invalid JMESPath query: " + e.getMessage();
        }
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        JsonNode result;
        try {
            result = expression.search(JsonNodes.body(part));
        } catch (JmesPathException e) {
            throw new ProcessingFailure("jmespath: " + e.getMessage());
        }
        part.setBytes(JsonNodes.bytes(result == null ? JsonNodes.MAPPER.nullNode() : result));
        return List.of(part);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
