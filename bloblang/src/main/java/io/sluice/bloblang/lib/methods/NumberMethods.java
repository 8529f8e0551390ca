package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

/** Arithmetic on numbers: rounding, logarithms, trigonometry, min/max of arrays and bitwise operators. */
public final class NumberMethods implements LibraryModule {

    private static final double TWO_63 = 9.223372036854775807E18;

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("abs", Category.NUMBERS,
                        "Returns the absolute value of an int64 or float64 number. As a special case, when an integer is provided that is the minimum value it is converted to the maximum value.")
                .example(Example.of("", "root.outs = this.ins.map_each(ele -> ele.abs())",
                        "{\"ins\":[9,-18,1.23,-4.56]}", "{\"outs\":[9,18,1.23,4.56]}")),
                args -> (v, ctx) -> {
                    Object n = Values.normalize(v);
                    if (n instanceof Long l) return l == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(l);
                    if (n instanceof Double d) return Math.abs(d);
                    if (n instanceof BigInteger b) return Values.integer(b.abs());
                    if (n instanceof BigDecimal d) return d.abs();
                    throw Values.typeError(v, "number", "integer");
                });

        lib.addValueMethod(MethodSpec.of("ceil", Category.NUMBERS,
                        "Returns the least integer value greater than or equal to a number. If the resulting value fits within a 64-bit integer then that is returned, otherwise a new floating point number is returned.")
                .example(Example.of("", "root.new_value = this.value.ceil()",
                        "{\"value\":5.3}", "{\"new_value\":6}", "{\"value\":-5.9}", "{\"new_value\":-5}")),
                args -> (v, ctx) -> roundWith(v, Math::ceil));

        lib.addValueMethod(MethodSpec.of("floor", Category.NUMBERS,
                        "Returns the greatest integer value less than or equal to the target number. If the resulting value fits within a 64-bit integer then that is returned, otherwise a new floating point number is returned.")
                .example(Example.of("", "root.new_value = this.value.floor()", "{\"value\":5.7}", "{\"new_value\":5}")),
                args -> (v, ctx) -> roundWith(v, Math::floor));

        lib.addValueMethod(MethodSpec.of("round", Category.NUMBERS,
                        "Rounds numbers to the nearest integer, rounding half away from zero. If the resulting value fits within a 64-bit integer then that is returned, otherwise a new floating point number is returned.")
                .example(Example.of("", "root.new_value = this.value.round()",
                        "{\"value\":5.3}", "{\"new_value\":5}", "{\"value\":5.9}", "{\"new_value\":6}")),
                args -> (v, ctx) -> roundWith(v, NumberMethods::roundHalfAway));

        lib.addValueMethod(MethodSpec.of("log", Category.NUMBERS, "Returns the natural logarithm of a number.")
                .example(Example.of("", "root.new_value = this.value.log().round()",
                        "{\"value\":1}", "{\"new_value\":0}", "{\"value\":2.7183}", "{\"new_value\":1}")),
                args -> (v, ctx) -> Math.log(number(v)));

        lib.addValueMethod(MethodSpec.of("log10", Category.NUMBERS, "Returns the decimal logarithm of a number.")
                .example(Example.of("", "root.new_value = this.value.log10()",
                        "{\"value\":100}", "{\"new_value\":2}", "{\"value\":1000}", "{\"new_value\":3}")),
                args -> (v, ctx) -> Math.log10(number(v)));

        trig(lib, "cos", "Calculates the cosine of a given angle specified in radians.", Math::cos,
                Example.of("", "root.new_value = (this.value * (pi() / 180)).cos()",
                        "{\"value\":45}", "{\"new_value\":0.7071067811865476}", "{\"value\":0}", "{\"new_value\":1}",
                        "{\"value\":180}", "{\"new_value\":-1}"));
        trig(lib, "sin", "Calculates the sine of a given angle specified in radians.", Math::sin,
                Example.of("", "root.new_value = (this.value * (pi() / 180)).sin()",
                        "{\"value\":45}", "{\"new_value\":0.7071067811865475}", "{\"value\":0}", "{\"new_value\":0}",
                        "{\"value\":90}", "{\"new_value\":1}"));
        trig(lib, "tan", "Calculates the tangent of a given angle specified in radians.", Math::tan,
                Example.of("", "root.new_value = \"%f\".format((this.value * (pi() / 180)).tan())",
                        "{\"value\":0}", "{\"new_value\":\"0.000000\"}", "{\"value\":45}", "{\"new_value\":\"1.000000\"}",
                        "{\"value\":180}", "{\"new_value\":\"-0.000000\"}"));

        lib.addValueMethod(MethodSpec.of("pow", Category.NUMBERS, "Returns the number raised to the specified exponent.")
                .param(Param.float64("exponent", "The exponent you want to raise to the power of."))
                .example(Example.of("", "root.new_value = this.value * 10.pow(-2)", "{\"value\":2}", "{\"new_value\":0.02}"))
                .example(Example.of("", "root.new_value = this.value.pow(-2)", "{\"value\":2}", "{\"new_value\":0.25}")),
                args -> {
                    double exp = args.float64("exponent");
                    return (v, ctx) -> Math.pow(number(v), exp);
                });

        lib.addValueMethod(MethodSpec.of("max", Category.NUMBERS,
                        "Returns the largest numerical value found within an array. All values must be numerical and the array must not be empty, otherwise an error is returned.")
                .example(Example.of("", "root.biggest = this.values.max()", "{\"values\":[0,3,2.5,7,5]}", "{\"biggest\":7}"))
                .example(Example.of("", "root.new_value = [0,this.value].max()",
                        "{\"value\":-1}", "{\"new_value\":0}", "{\"value\":7}", "{\"new_value\":7}")),
                args -> (v, ctx) -> extreme(v, true));

        lib.addValueMethod(MethodSpec.of("min", Category.NUMBERS,
                        "Returns the smallest numerical value found within an array. All values must be numerical and the array must not be empty, otherwise an error is returned.")
                .example(Example.of("", "root.smallest = this.values.min()", "{\"values\":[0,3,-2.5,7,5]}", "{\"smallest\":-2.5}"))
                .example(Example.of("", "root.new_value = [10,this.value].min()",
                        "{\"value\":2}", "{\"new_value\":2}", "{\"value\":23}", "{\"new_value\":10}")),
                args -> (v, ctx) -> extreme(v, false));

        bitwise(lib, "bitwise_and", "Returns the number bitwise AND-ed with the specified value.", "The value to AND with", (a, b) -> a & b,
                Example.of("", "root.new_value = this.value.bitwise_and(6)",
                        "{\"value\":12}", "{\"new_value\":4}", "{\"value\":0}", "{\"new_value\":0}", "{\"value\":-4}", "{\"new_value\":4}"));
        bitwise(lib, "bitwise_or", "Returns the number bitwise OR-ed with the specified value.", "The value to OR with", (a, b) -> a | b,
                Example.of("", "root.new_value = this.value.bitwise_or(6)",
                        "{\"value\":12}", "{\"new_value\":14}", "{\"value\":0}", "{\"new_value\":6}", "{\"value\":-2}", "{\"new_value\":-2}"));
        bitwise(lib, "bitwise_xor", "Returns the number bitwise eXclusive-OR-ed with the specified value.", "The value to XOR with", (a, b) -> a ^ b,
                Example.of("", "root.new_value = this.value.bitwise_xor(6)",
                        "{\"value\":12}", "{\"new_value\":10}", "{\"value\":0}", "{\"new_value\":6}", "{\"value\":-2}", "{\"new_value\":-8}"));
    }

    private static void trig(Library lib, String name, String description, DoubleUnaryOperator op, Example example) {
        lib.addValueMethod(MethodSpec.of(name, Category.NUMBERS, description).example(example),
                args -> (v, ctx) -> op.applyAsDouble(number(v)));
    }

    private static void bitwise(Library lib, String name, String description, String paramDescription,
                                LongBinaryOperator op, Example example) {
        lib.addValueMethod(MethodSpec.of(name, Category.NUMBERS, description)
                        .param(Param.int64("value", paramDescription))
                        .example(example),
                args -> {
                    long rhs = args.int64("value");
                    return (v, ctx) -> {
                        if (!(v instanceof Number)) throw Values.typeError(v, "integer");
                        return op.applyAsLong(Values.asLong(v), rhs);
                    };
                });
    }

    /** A strict number as a double ({@code IGetNumber}). */
    private static double number(Object v) {
        return Values.asDouble(v);
    }

    /** Integers are returned unchanged; floats are rounded and become integers when they fit in 64 bits. */
    private static Object roundWith(Object v, DoubleUnaryOperator op) {
        Object n = Values.normalize(v);
        if (n instanceof Long || n instanceof BigInteger) return n;
        if (n instanceof Double || n instanceof BigDecimal) {
            double r = op.applyAsDouble(((Number) n).doubleValue());
            if (!Double.isNaN(r) && !Double.isInfinite(r) && r < TWO_63 && r >= -TWO_63) return (long) r;
            return r;
        }
        throw Values.typeError(v, "number");
    }

    /** Go's {@code math.Round}: half away from zero, exact for every double. */
    static double roundHalfAway(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return d;
        double r = new BigDecimal(d).setScale(0, RoundingMode.HALF_UP).doubleValue();
        return r == 0 && d < 0 ? -0.0 : r;
    }

    /**
     * The largest or smallest element. The original compares as float64 and returns a float; the element
     * itself is returned here so that integers beyond 2^53 stay exact (the JSON output is the same).
     */
    private static Object extreme(Object v, boolean max) {
        List<Object> arr = Values.asArray(v);
        if (arr.isEmpty()) throw new QueryException("the array was empty");
        Object best = null;
        for (int i = 0; i < arr.size(); i++) {
            Object e = Values.normalize(arr.get(i));
            if (!(e instanceof Number)) {
                throw new QueryException("index " + i + " of array: " + Values.typeError(e, "number").getMessage());
            }
            if (best == null || (max ? compare(e, best) > 0 : compare(e, best) < 0)) best = e;
        }
        return best;
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        if (Values.isInteger(a) && Values.isInteger(b)) return Values.toBigInteger((Number) a).compareTo(Values.toBigInteger((Number) b));
        return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
}
