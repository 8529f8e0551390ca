package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Methods of the "Object &amp; Array Manipulation" category that measure, join, cut or add up arrays
 * (and, for {@code length} and {@code slice}, strings and byte arrays too). Inputs are never modified.
 */
public final class ArrayShapeMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("length", Category.OBJECTS_AND_ARRAYS,
                        "How many elements an array has, how many entries an object has, or how many bytes a string or "
                                + "byte array takes. For text that is the size in UTF-8, not the number of characters: `\"José\"` has "
                                + "length 5.")
                .example(Example.of("", "root.count = this.items.length()\nroot.name_bytes = this.name.length()",
                        "{\"items\":[1,2,3],\"name\":\"José\"}", "{\"count\":3,\"name_bytes\":5}")),
                args -> (v, ctx) -> {
                    if (v instanceof String s) return (long) utf8Length(s);
                    if (v instanceof byte[] b) return (long) b.length;
                    if (v instanceof List<?> l) return (long) l.size();
                    if (v instanceof Map<?, ?> m) return (long) m.size();
                    throw Values.typeError(v, "string", "bytes", "array", "object");
                });

        lib.addValueMethod(MethodSpec.of("append", Category.OBJECTS_AND_ARRAYS,
                        "A copy of the array with the arguments added at its end. An array argument becomes one element; "
                                + "use `concat` to add its elements instead.")
                .variadic()
                .example(Example.of("", "root.steps = this.steps.append(\"deploy\")",
                        "{\"steps\":[\"build\",\"test\"]}", "{\"steps\":[\"build\",\"test\",\"deploy\"]}")),
                args -> {
                    List<Object> extra = args.all();
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>(Values.asArray(v));
                        out.addAll(extra);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("concat", Category.OBJECTS_AND_ARRAYS,
                        "One array holding the elements of the array followed by the elements of each argument array, in "
                                + "order.")
                .variadic()
                .example(Example.of("", "root.all = this.mine.concat(this.theirs)",
                        "{\"mine\":[1,2],\"theirs\":[3]}", "{\"all\":[1,2,3]}")),
                args -> {
                    List<Object> extra = args.all();
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>(Values.asArray(v));
                        for (Object e : extra) out.addAll(Values.asArray(e));
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("flatten", Category.OBJECTS_AND_ARRAYS,
                        "Replaces each element that is an array by its elements, one level deep only: `[1, [2, [3]]]` "
                                + "gives `[1, 2, [3]]`.")
                .example(Example.of("", "root.tags = this.groups.map_each(g -> g.tags).flatten()",
                        "{\"groups\":[{\"tags\":[\"a\",\"b\"]},{\"tags\":[\"c\"]}]}", "{\"tags\":[\"a\",\"b\",\"c\"]}")),
                args -> (v, ctx) -> {
                    List<Object> out = new ArrayList<>();
                    for (Object e : Values.asArray(v)) {
                        if (e instanceof List<?> inner) out.addAll(inner);
                        else out.add(e);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("enumerated", Category.OBJECTS_AND_ARRAYS,
                        "Pairs each element of an array with its position, as `{\"index\": ..., \"value\": ...}` objects.")
                .example(Example.of("", "root.ranked = this.winners.enumerated().map_each(e -> \"%d. %s\".format(e.index + 1, e.value))",
                        "{\"winners\":[\"ann\",\"bo\"]}", "{\"ranked\":[\"1. ann\",\"2. bo\"]}")),
                args -> (v, ctx) -> {
                    List<Object> l = Values.asArray(v);
                    List<Object> out = new ArrayList<>(l.size());
                    for (int i = 0; i < l.size(); i++) {
                        Map<String, Object> m = new LinkedHashMap<>(4);
                        m.put("index", (long) i);
                        m.put("value", l.get(i));
                        out.add(m);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("zip", Category.OBJECTS_AND_ARRAYS,
                        "Combines arrays of equal length position by position: element i of the result is an array of "
                                + "element i of the target and of each argument. Arrays of different lengths are an error.")
                .variadic()
                .example(Example.of("", "root.points = this.xs.zip(this.ys)",
                        "{\"xs\":[1,2],\"ys\":[10,20]}", "{\"points\":[[1,10],[2,20]]}")),
                args -> {
                    List<Object> others = args.all();
                    return (v, ctx) -> {
                        List<Object> first = Values.asArray(v);
                        List<List<Object>> all = new ArrayList<>();
                        all.add(first);
                        for (Object o : others) {
                            List<Object> l = Values.asArray(o);
                            if (l.size() != first.size()) throw new QueryException("can't zip different length array values");
                            all.add(l);
                        }
                        List<Object> out = new ArrayList<>(first.size());
                        for (int i = 0; i < first.size(); i++) {
                            List<Object> row = new ArrayList<>(all.size());
                            for (List<Object> l : all) row.add(l.get(i));
                            out.add(row);
                        }
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("slice", Category.OBJECTS_AND_ARRAYS,
                        "A part of an array, string or byte array, from `low` up to but not including `high`. Negative "
                                + "bounds count from the end, bounds beyond the end are clamped, and `low` above `high` is an "
                                + "error. Strings are cut by bytes, so a cut inside a multi-byte character garbles it.")
                .param(Param.int64("low", "Where the part starts."))
                .param(Param.int64("high", "Where it stops; the end when left out.").optional())
                .example(Example.of("", "root.middle = this.values.slice(1, -1)\nroot.extension = this.file.slice(-3)",
                        "{\"values\":[1,2,3,4,5],\"file\":\"report.pdf\"}", "{\"middle\":[2,3,4],\"extension\":\"pdf\"}")),
                args -> {
                    long low = args.int64("low");
                    Long high = args.has("high") ? args.int64("high") : null;
                    return (v, ctx) -> {
                        if (v instanceof String s) {
                            byte[] b = s.getBytes(StandardCharsets.UTF_8);
                            int[] r = bounds(low, high, b.length);
                            return new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8);
                        }
                        if (v instanceof byte[] b) {
                            int[] r = bounds(low, high, b.length);
                            return Arrays.copyOfRange(b, r[0], r[1]);
                        }
                        if (v instanceof List<?> l) {
                            int[] r = bounds(low, high, l.size());
                            return new ArrayList<Object>(l.subList(r[0], r[1]));
                        }
                        throw Values.typeError(v, "array", "string");
                    };
                });

        lib.addValueMethod(MethodSpec.of("sum", Category.OBJECTS_AND_ARRAYS,
                        "Adds up an array of numbers. Whole numbers stay exact, beyond 64 bits if need be; one float "
                                + "makes the total a float. An empty array gives 0.")
                .example(Example.of("", "root.total = this.amounts.sum()",
                        "{\"amounts\":[12,30,8]}", "{\"total\":50}")),
                args -> (v, ctx) -> {
                    List<Object> l = Values.asArray(v);
                    boolean allInts = true;
                    for (Object o : l) {
                        if (!(o instanceof Number)) throw Values.typeError(o, "number");
                        if (!Values.isInteger(o)) allInts = false;
                    }
                    if (allInts) {
                        long sum = 0;
                        BigInteger big = null;
                        for (Object o : l) {
                            if (big != null) {
                                big = big.add(Values.toBigInteger((Number) o));
                            } else if (o instanceof Long x) {
                                long r = sum + x;
                                if (((sum ^ r) & (x ^ r)) < 0) big = BigInteger.valueOf(sum).add(BigInteger.valueOf(x));
                                else sum = r;
                            } else {
                                big = BigInteger.valueOf(sum).add(Values.toBigInteger((Number) o));
                            }
                        }
                        return big == null ? (Object) sum : Values.integer(big);
                    }
                    double d = 0;
                    for (Object o : l) d += ((Number) o).doubleValue();
                    return d;
                });
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    /** Bounds of a slice with negative indexes counting from the end, clamped; low greater than high is an error. */
    private static int[] bounds(long low, Long high, int size) {
        long lo = low < 0 ? size + low : low;
        long hi = high == null ? size : (high < 0 ? size + high : high);
        lo = Math.max(0, Math.min(lo, size));
        hi = Math.max(0, Math.min(hi, size));
        if (lo > hi) throw new QueryException("lower slice bound " + lo + " must be lower than or equal to upper bound (" + hi + ")");
        return new int[]{(int) lo, (int) hi};
    }
}
