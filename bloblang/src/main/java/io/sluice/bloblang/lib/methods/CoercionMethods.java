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

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Methods of the "Type Coercion" category. */
public final class CoercionMethods implements LibraryModule {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("array", Category.COERCION,
                        "Wraps a value in a one-element array; an array is returned as it is. Null becomes `[null]`, not an empty array.")
                        .example(Example.of("Accept one tag or a list of tags.", "root.tags = this.tags.array()",
                                "{\"tags\":\"red\"}", "{\"tags\":[\"red\"]}",
                                "{\"tags\":[\"red\",\"blue\"]}", "{\"tags\":[\"red\",\"blue\"]}")),
                args -> (v, ctx) -> {
                    if (v instanceof List) return v;
                    List<Object> l = new ArrayList<>(1);
                    l.add(v);
                    return l;
                });

        lib.addValueMethod(MethodSpec.of("bytes", Category.COERCION,
                        "Turns a value into bytes: text as UTF-8, anything else as `.string()` writes it. Bytes stay as they are.")
                        .example(Example.of("Count bytes rather than characters.", "root.size = this.name.bytes().length()",
                                "{\"name\":\"café\"}", "{\"size\":5}")),
                args -> (v, ctx) -> Values.toBytes(v));

        lib.addValueMethod(MethodSpec.of("string", Category.COERCION,
                        "Turns a value into text: bytes are read as UTF-8, numbers and booleans are printed, objects and "
                                + "arrays become compact JSON with their keys sorted. Text stays as it is.")
                        .example(Example.of("Embed a nested object as JSON text.", "root.payload = this.body.string()",
                                "{\"body\":{\"sku\":\"A-1\",\"qty\":2}}", "{\"payload\":\"{\\\"qty\\\":2,\\\"sku\\\":\\\"A-1\\\"}\"}")),
                args -> (v, ctx) -> Values.toText(v));

        lib.addValueMethod(MethodSpec.of("type", Category.COERCION,
                        "Names the type of a value: `string`, `bytes`, `number`, `bool`, `timestamp`, `array`, `object` or `null`. "
                                + "Integers and floats are both `number`.")
                        .example(Example.of("", "root.kinds = this.values.map_each(v -> v.type())",
                                "{\"values\":[1,\"a\",null,[],{},true]}",
                                "{\"kinds\":[\"number\",\"string\",\"null\",\"array\",\"object\",\"bool\"]}")),
                args -> (v, ctx) -> Values.typeName(v));

        lib.addValueMethod(MethodSpec.of("not_null", Category.COERCION,
                        "Passes a value through unless it is null, which is an error. A missing field reads as null, so this "
                                + "also makes a required field fail loudly.")
                        .example(Example.of("Require an id.", "root.id = this.id.not_null()",
                                "{\"id\":\"a-1\"}", "{\"id\":\"a-1\"}", "{\"name\":\"x\"}", "Error(\"value is null\")")),
                args -> (v, ctx) -> {
                    if (v == null) throw new QueryException("value is null");
                    return v;
                });

        lib.addValueMethod(MethodSpec.of("not_empty", Category.COERCION,
                        "Passes a string, byte array, array or object through unless it is empty, which is an error. "
                                + "Other types, null included, are a type error.")
                        .example(Example.of("", "root.tags = this.tags.not_empty()",
                                "{\"tags\":[\"a\"]}", "{\"tags\":[\"a\"]}", "{\"tags\":[]}", "Error(\"array value is empty\")")),
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
                        "Reads a value as a boolean. Text may be `1`, `0`, `t`, `f`, `T`, `F`, or `true` and `false` in lower, "
                                + "upper or title case; `yes` and `no` are errors. Numbers are true unless zero.")
                        .param(Param.bool("default", "Returned instead of an error when the value, or the query before the method, fails.").optional())
                        .example(Example.of("Read a flag from text, false when it is anything else.", "root.active = this.active.bool(false)",
                                "{\"active\":\"TRUE\"}", "{\"active\":true}", "{\"active\":\"yes\"}", "{\"active\":false}")),
                (target, args) -> withDefault("method bool", target, args.has("default") ? args.get("default") : null, args.has("default"), Values::parseBool));

        lib.addMethod(MethodSpec.of("number", Category.COERCION,
                        "Reads a value as a number: numbers pass, text is parsed (surrounding spaces allowed, hex is not). "
                                + "Whole numbers keep every digit, even beyond 64 bits.")
                        .param(Param.float64("default", "Returned instead of an error when the value, or the query before the method, fails.").optional())
                        .example(Example.of("Arithmetic on numbers that arrive as text.", "root.total = this.qty.number() * this.price.number()",
                                "{\"qty\":\"3\",\"price\":\"2.5\"}", "{\"total\":7.5}")),
                (target, args) -> withDefault("method number", target, args.has("default") ? args.get("default") : null, args.has("default"), v -> {
                    // Integers keep full precision (the original goes through float64 and loses digits beyond 2^53).
                    Object n = Values.normalize(v);
                    if (n instanceof Long || n instanceof BigInteger) return n;
                    if (n instanceof String || n instanceof byte[]) {
                        String s = Values.asString(n).strip();
                        if (INTEGER.matcher(s).matches()) return Values.integer(new BigInteger(s));
                    }
                    return Values.parseDouble(v);
                }));

        lib.addMethod(MethodSpec.of("timestamp", Category.COERCION,
                        "Reads a value as a timestamp: a number counts seconds since 1970-01-01T00:00:00Z and comes out "
                                + "in the machine's time zone; text must be RFC 3339 and keeps its offset. For other layouts use "
                                + "`ts_parse` or `ts_strptime`.")
                        .param(Param.timestamp("default", "Returned instead of an error when the value, or the query before the method, fails.").optional())
                        .example(Example.of("`ts_tz` pins the zone that unix seconds would otherwise take from the machine.",
                                "root.at = this.at.timestamp().ts_tz(\"UTC\")",
                                "{\"at\":1714564800}", "{\"at\":\"2024-05-01T12:00:00Z\"}",
                                "{\"at\":\"2024-05-01T14:00:00+02:00\"}", "{\"at\":\"2024-05-01T12:00:00Z\"}")),
                (target, args) -> withDefault("method timestamp", target, args.has("default") ? args.get("default") : null, args.has("default"), Values::asTimestamp));
    }

    /** A coercion that yields {@code fallback} (when given) instead of failing. */
    private static Query withDefault(String name, Query target, Object fallback, boolean hasFallback, Function<Object, Object> coerce) {
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
