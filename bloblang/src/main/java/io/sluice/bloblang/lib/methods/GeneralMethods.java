package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.ValueMethodFactory;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.List;

/** Methods of the "General" category: error handling ({@code catch}, {@code or}), named maps, batch perspective. */
public final class GeneralMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addMethod(MethodSpec.of("apply", Category.GENERAL, "Apply a declared mapping to a target value.")
                        .param(Param.string("mapping", "The mapping to apply."))
                        .example(Example.of("", "map thing {\n  root.inner = this.first\n}\n\nroot.foo = this.doc.apply(\"thing\")",
                                "{\"doc\":{\"first\":\"hello world\"}}", "{\"foo\":{\"inner\":\"hello world\"}}")),
                (target, args) -> {
                    String name = args.string("mapping");
                    return Query.of("map " + name, ctx -> {
                        Object v = target.exec(ctx);
                        Query map = ctx.maps() == null ? null : ctx.maps().get(name);
                        if (map == null) throw new QueryException("map " + name + " was not found");
                        return map.exec(ctx.withValue(v));
                    });
                });

        lib.addMethod(MethodSpec.of("catch", Category.GENERAL,
                        "If the result of a target query fails (due to incorrect types, failed parsing, etc) the argument is returned instead.")
                        .param(Param.query("fallback", "A value to yield, or query to execute, if the target query fails.", true))
                        .example(Example.of("", "root = this.catch(deleted())", "{\"doc\":{\"foo\":\"bar\"}}", "{\"doc\":{\"foo\":\"bar\"}}")),
                (target, args) -> {
                    Query fallback = args.query("fallback");
                    return Query.of("method catch", ctx -> {
                        try {
                            return target.exec(ctx);
                        } catch (QueryException e) {
                            return fallback.exec(ctx.withValue(e.getMessage()));
                        }
                    });
                });

        lib.addMethod(MethodSpec.of("or", Category.GENERAL,
                        "If the result of the target query fails or resolves to null, returns the argument instead. An explicit method alternative to the coalesce pipe operator |.")
                        .param(Param.query("fallback", "A value to yield, or query to execute, if the target query fails or resolves to null.", true)),
                (target, args) -> {
                    Query fallback = args.query("fallback");
                    return Query.of("method or", ctx -> {
                        try {
                            Object v = target.exec(ctx);
                            if (!Values.isNull(v)) return v;
                        } catch (QueryException e) {
                            // use the fallback
                        }
                        return fallback.exec(ctx);
                    });
                });

        lib.addMethod(MethodSpec.of("from", Category.GENERAL,
                        "Modifies a target query such that certain functions are executed from the perspective of another message in the batch.")
                        .param(Param.int64("index", "The message index to use as a perspective.")),
                (target, args) -> {
                    int index = (int) args.int64("index");
                    return Query.of(target.annotation() + " from " + index, ctx -> target.exec(ctx.withIndex(index)));
                });

        lib.addMethod(MethodSpec.of("from_all", Category.GENERAL,
                        "Modifies a target query such that certain functions are executed from the perspective of each message in the batch, and returns the set of results as an array."),
                (target, args) -> Query.of("method from_all", ctx -> {
                    List<Object> out = new ArrayList<>(ctx.batch().size());
                    for (int i = 0; i < ctx.batch().size(); i++) out.add(target.exec(ctx.withIndex(i)));
                    return out;
                }));

        lib.addMethod(MethodSpec.of("map", Category.GENERAL,
                        "Executes a query on the target value, allowing you to transform or extract data from the current context.")
                        .status(Status.HIDDEN)
                        .param(Param.query("query", "A query to execute on the target.", false)),
                (target, args) -> {
                    Query q = args.query("query");
                    return Query.of(q.annotation(), ctx -> q.exec(ctx.withValue(target.exec(ctx))));
                });

        lib.addMethod(MethodSpec.of("not", Category.GENERAL, "Returns the logical NOT (negation) of a boolean value."),
                (target, args) -> new io.sluice.bloblang.query.NotQuery(target));

        lib.addValueMethod(MethodSpec.of("bloblang", Category.PARSING,
                        "Executes an argument Bloblang mapping on the target. Functions that access the message (content(), metadata...) are not available.")
                        .param(Param.string("mapping", "The mapping to execute.")),
                nestedMapping(io.sluice.bloblang.Environment::standard));
    }

    /**
     * The {@code bloblang} method compiling its argument in {@code environment}, so that a restricted environment
     * stays restricted for mappings built from data.
     */
    public static ValueMethodFactory nestedMapping(java.util.function.Supplier<io.sluice.bloblang.Environment> environment) {
        return args -> {
            io.sluice.bloblang.BloblangMapping m;
            try {
                m = environment.get().compile(args.string("mapping"));
            } catch (io.sluice.core.expr.ExpressionParseException e) {
                throw new IllegalArgumentException("failed to parse mapping: " + e.getMessage());
            }
            return (value, ctx) -> {
                try {
                    Object r = m.apply(value);
                    return r instanceof io.sluice.bloblang.runtime.Marker ? null : r;
                } catch (io.sluice.core.expr.MappingException e) {
                    throw new QueryException(e.getMessage());
                }
            };
        };
    }
}
