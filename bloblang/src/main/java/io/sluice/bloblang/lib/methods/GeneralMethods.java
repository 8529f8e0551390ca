package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.NotQuery;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.List;

/** Methods of the "General" category: error handling ({@code catch}, {@code or}), named maps, batch perspective. */
public final class GeneralMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addMethod(MethodSpec.of("apply", Category.GENERAL,
                        "Runs a named map, declared with `map name { ... }`, on the value; inside the map `this` and `root` "
                                + "refer to that value and its result. A name that is not declared fails when the mapping runs.")
                        .param(Param.string("mapping", "The name of the map."))
                        .example(Example.of("Reuse one map for two prices.",
                                "map money {\n  root.amount = this.cents / 100\n  root.currency = this.currency.uppercase()\n}\n\n"
                                        + "root.price = this.price.apply(\"money\")\nroot.shipping = this.shipping.apply(\"money\")",
                                "{\"price\":{\"cents\":1250,\"currency\":\"eur\"},\"shipping\":{\"cents\":499,\"currency\":\"eur\"}}",
                                "{\"price\":{\"amount\":12.5,\"currency\":\"EUR\"},\"shipping\":{\"amount\":4.99,\"currency\":\"EUR\"}}")),
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
                        "Gives the fallback when the expression before it fails: a wrong type, text that does not parse, a "
                                + "`throw()`. A null result is not a failure and passes through; use `.or()` to replace nulls too.")
                        .param(Param.query("fallback", "A value, or a query that runs with the error message as `this`.", true))
                        .example(Example.of("Fall back to zero, or keep the reason.",
                                "root.qty = this.qty.number().catch(0)\nroot.problem = this.qty.number().catch(err -> err)",
                                "{\"qty\":\"2\"}", "{\"qty\":2,\"problem\":2}",
                                "{\"qty\":\"two\"}", "{\"qty\":0,\"problem\":\"field `this.qty`: strconv.ParseFloat: parsing \\\"two\\\": invalid syntax\"}")),
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
                        "Gives the fallback when the expression before it is null or fails, the same as writing `a | b`.")
                        .param(Param.query("fallback", "A value, or a query that runs only when it is needed.", true))
                        .example(Example.of("Prefer a nickname, else the name.", "root.name = this.nickname.or(this.name)",
                                "{\"name\":\"Ada\"}", "{\"name\":\"Ada\"}",
                                "{\"name\":\"Ada\",\"nickname\":\"Countess\"}", "{\"name\":\"Countess\"}")),
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
                        "Evaluates the expression before it as if the mapping ran on another message of the batch: functions "
                                + "that read the message, such as `content()`, `json()`, `metadata()` and `batch_index()`, see that one. "
                                + "`this` is not moved: write `json(\"id\").from(0)`, not `this.id.from(0)`.")
                        .param(Param.int64("index", "The position of that message in the batch, counting from 0.")),
                (target, args) -> {
                    int index = (int) args.int64("index");
                    return Query.of(target.annotation() + " from " + index, ctx -> target.exec(ctx.withIndex(index)));
                });

        lib.addMethod(MethodSpec.of("from_all", Category.GENERAL,
                        "Evaluates the expression before it once for every message of the batch, as `.from(i)` would, and "
                                + "collects the results in an array, in batch order."),
                (target, args) -> Query.of("method from_all", ctx -> {
                    List<Object> out = new ArrayList<>(ctx.batch().size());
                    for (int i = 0; i < ctx.batch().size(); i++) out.add(target.exec(ctx.withIndex(i)));
                    return out;
                }));

        lib.addMethod(MethodSpec.of("map", Category.GENERAL,
                        "Runs a query with the value as `this`, the same as `value.(query)`.")
                        .status(Status.HIDDEN)
                        .param(Param.query("query", "The query to run.", false)),
                (target, args) -> {
                    Query q = args.query("query");
                    return Query.of(q.annotation(), ctx -> q.exec(ctx.withValue(target.exec(ctx))));
                });

        lib.addMethod(MethodSpec.of("not", Category.GENERAL,
                        "Turns true into false and false into true, as `!` does. Anything but a boolean is an error, the text `\"true\"` included.")
                        .example(Example.of("", "root.hidden = this.visible.not()", "{\"visible\":true}", "{\"hidden\":false}")),
                (target, args) -> new NotQuery(target));
    }
}
