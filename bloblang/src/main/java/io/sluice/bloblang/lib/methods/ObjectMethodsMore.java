package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Structured;

import java.util.List;

/**
 * Object and array methods beyond the core set: {@code json_path} (Goessner JSONPath with filter
 * expressions) and {@code json_schema} (validation with the original's error texts).
 */
public final class ObjectMethodsMore implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("json_path", Category.OBJECTS_AND_ARRAYS,
                        "Evaluates a JSONPath expression on the value: `$` is the value, `.name` and `[0]` step down, "
                                + "`..name` searches every depth, `[*]` takes all elements and `[?(@.price < 10)]` filters. A "
                                + "search or filter gives an array, a plain path the single value it reaches; a plain path that "
                                + "leads nowhere is an error.")
                .status(Status.EXPERIMENTAL)
                .param(Param.string("expression", "The JSONPath expression, starting with `$`."))
                .example(Example.of("", "root.names = this.json_path(\"$..name\")\nroot.cheap = this.json_path(\"$.items[?(@.price < 10)].name\")\nroot.first = this.json_path(\"$.items[0].name\")",
                        "{\"shop\":{\"name\":\"corner\"},\"items\":[{\"name\":\"pen\",\"price\":2},{\"name\":\"lamp\",\"price\":30}]}", "{\"names\":[\"pen\",\"lamp\",\"corner\"],\"cheap\":[\"pen\"],\"first\":\"pen\"}")),
                args -> {
                    JsonPath path = JsonPath.compile(args.string("expression"));
                    return (v, ctx) -> path.evaluate(v);
                });

        lib.addValueMethod(MethodSpec.of("json_schema", Category.OBJECTS_AND_ARRAYS,
                        "Validates the value against a JSON Schema (drafts 4 to 7) and passes it through when it "
                                + "conforms. When it does not, the mapping fails with one line per problem, each naming the field, "
                                + "such as `id invalid type. expected: integer, given: string`.")
                .status(Status.BETA)
                .param(Param.string("schema", "The schema as JSON text, parsed once when the mapping is compiled."))
                .example(Example.of("", "root = this.json_schema(\"\"\"{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"}}}\"\"\")",
                        "{\"id\":7}", "{\"id\":7}",
                        "{\"id\":\"7\"}", "Error(\"id invalid type. expected: integer, given: string\")",
                        "{\"name\":\"ada\"}", "Error(\"(root) id is required\")")),
                args -> {
                    Object schema;
                    try {
                        schema = Structured.parseJson(args.string("schema"));
                    } catch (MessageParseException e) {
                        throw new IllegalArgumentException("failed to parse json schema definition: " + e.getMessage().replace("failed to parse message as JSON: ", ""));
                    }
                    JsonSchema validator = new JsonSchema(schema);
                    return (v, ctx) -> {
                        List<String> errors = validator.validate(v);
                        if (!errors.isEmpty()) throw new QueryException(String.join("\n", errors));
                        return v;
                    };
                });
    }

}
