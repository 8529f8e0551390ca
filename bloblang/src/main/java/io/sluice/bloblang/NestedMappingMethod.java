package io.sluice.bloblang;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.ValueMethodFactory;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.MappingException;

import java.util.function.Supplier;

/**
 * The {@code bloblang} method: compiles a mapping held in the data and runs it. It lives beside
 * {@link Environment} rather than in {@code lib.methods} because it needs the compiler, which the
 * library below it must not know.
 */
public final class NestedMappingMethod implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("bloblang", Category.PARSING,
                        "Compiles the mapping text given and runs it on the value, which becomes its input document: "
                                + "`content()` gives the value itself and there is no metadata. The result is null when that mapping deletes it. "
                                + "Text that is not a literal is compiled again on every call.")
                        .param(Param.string("mapping", "The mapping, as text."))
                        .example(Example.of("Run a rule that travels with the data.", "root.result = this.doc.bloblang(this.rule)",
                                "{\"rule\":\"root = this.n * 2\",\"doc\":{\"n\":21}}", "{\"result\":42}")),
                nestedMapping(Environment::standard));
    }

    /**
     * The {@code bloblang} method compiling its argument in {@code environment}, so that a restricted environment
     * stays restricted for mappings built from data.
     */
    public static ValueMethodFactory nestedMapping(Supplier<Environment> environment) {
        return args -> {
            BloblangMapping m;
            try {
                m = environment.get().compile(args.string("mapping"));
            } catch (ExpressionParseException e) {
                throw new IllegalArgumentException("failed to parse mapping: " + e.getMessage());
            }
            return (value, ctx) -> {
                try {
                    Object r = m.apply(value);
                    return r instanceof Marker ? null : r;
                } catch (MappingException e) {
                    throw new QueryException(e.getMessage());
                }
            };
        };
    }
}
