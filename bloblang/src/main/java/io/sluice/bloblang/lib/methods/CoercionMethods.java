package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Methods of the "Type Coercion" category. */
public final class CoercionMethods implements LibraryModule {
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("array", Category.COERCION, "Return an array containing the target value. If the value is already an array it is unchanged.")
                        .example(Example.of("", "root.my_array = this.name.array()", "{\"name\":\"foobar bazson\"}", "{\"my_array\":[\"foobar bazson\"]}")),
                args -> (v, ctx) -> {
                    if (v instanceof List) return v;
                    List<Object> l = new ArrayList<>(1);
                    l.add(v);
                    return l;
                });

        lib.addValueMethod(MethodSpec.of("bytes", Category.COERCION, "Marshal a value into a byte array. If the value is already a byte array it is unchanged."),
                args -> (v, ctx) -> Values.toBytes(v));

        lib.addValueMethod(MethodSpec.of("string", Category.COERCION,
                        "Marshal a value into a string. If the value is already a string it is unchanged.")
                        .example(Example.of("", "root.nested_json = this.string()", "{\"foo\":\"bar\"}", "{\"nested_json\":\"{\\\"foo\\\":\\\"bar\\\"}\"}")),
                args -> (v, ctx) -> Values.toText(v));

        lib.addValueMethod(MethodSpec.of("type", Category.COERCION,
                        "Returns the type of a value as a string: string, bytes, number, bool, timestamp, array, object or null."),
                args -> (v, ctx) -> Values.typeName(v));

        lib.addValueMethod(MethodSpec.of("not_null", Category.COERCION, "Ensures that the given value is not null, and if so returns it, otherwise an error is returned."),
                args -> (v, ctx) -> {
                    if (v == null) throw new QueryException("value is null");
                    return v;
                });

        lib.addValueMethod(MethodSpec.of("not_empty", Category.COERCION,
                        "Ensures that the given string, array or object value is not empty, and if so returns it, otherwise an error is returned."),
                args -> (v, ctx) -> {
                    if (v instanceof String s) {
                        if (s.isEmpty()) throw new QueryException("string value is empty");
                    } else if (v instanceof byte[] b) {
                        if (b.length == 0) throw new QueryException("bytes value is empty");
                    } else if (v instanceof List<?> l) {
                        if (l.isEmpty()) throw new QueryException("array value is empty");
                    } else if (v instanceof Map<?, ?> m) {
                        if (m.isEmpty()) throw new QueryException("object value is empty");
                    } else {
                        throw Values.typeError(v, "string", "array", "object");
                    }
                    return v;
                });

        lib.addMethod(MethodSpec.of("bool", Category.COERCION,
                        "Attempt to parse a value into a boolean. An optional argument is returned instead if the value cannot be parsed.")
                        .param(Param.bool("default", "An optional value to yield if the target cannot be parsed as a boolean.").optional()),
                (target, args) -> withDefault("method bool", target, args.has("default") ? args.get("default") : null, args.has("default"), Values::parseBool));

        lib.addMethod(MethodSpec.of("number", Category.COERCION,
                        "Attempt to parse a value into a number. An optional argument is returned instead if the value cannot be parsed.")
                        .param(Param.float64("default", "An optional value to yield if the target cannot be parsed as a number.").optional()),
                (target, args) -> withDefault("method number", target, args.has("default") ? args.get("default") : null, args.has("default"), v -> {
                    // Integers keep full precision (the original goes through float64 and loses digits beyond 2^53).
                    Object n = Values.normalize(v);
                    if (n instanceof Long || n instanceof java.math.BigInteger) return n;
                    if (n instanceof String || n instanceof byte[]) {
                        String s = Values.asString(n).strip();
                        if (INTEGER.matcher(s).matches()) return Values.integer(new java.math.BigInteger(s));
                    }
                    return Values.parseDouble(v);
                }));

        lib.addMethod(MethodSpec.of("timestamp", Category.COERCION,
                        "Attempt to parse a value into a timestamp. An optional argument is returned instead if the value cannot be parsed.")
                        .param(Param.timestamp("default", "An optional value to yield if the target cannot be parsed as a timestamp.").optional()),
                (target, args) -> withDefault("method timestamp", target, args.has("default") ? args.get("default") : null, args.has("default"), Values::asTimestamp));
    }

    /** A coercion that yields {@code fallback} (when given) instead of failing. */
    private static Query withDefault(String name, Query target, Object fallback, boolean hasFallback, java.util.function.Function<Object, Object> coerce) {
        return Query.of(name, ctx -> {
            Object v;
            try {
                v = target.exec(ctx);
            } catch (QueryException e) {
                if (hasFallback) return fallback;
                throw e;
            }
            try {
                return coerce.apply(v);
            } catch (QueryException e) {
                if (hasFallback) return fallback;
                throw e.from(target);
            }
        });
    }
}
