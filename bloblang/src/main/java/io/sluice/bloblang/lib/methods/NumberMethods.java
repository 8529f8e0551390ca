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
                        "The number without its sign. Integers stay integers; the smallest 64-bit integer, whose positive "
                                + "counterpart does not fit, becomes the largest one.")
                .example(Example.of("", "root.distances = this.deltas.map_each(d -> d.abs())",
                        "{\"deltas\":[3,-7,-0.5]}", "{\"distances\":[3,7,0.5]}")),
                args -> (v, ctx) -> {
                    Object n = Values.normalize(v);
                    if (n instanceof Long l) return l == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(l);
                    if (n instanceof Double d) return Math.abs(d);
                    if (n instanceof BigInteger b) return Values.integer(b.abs());
                    if (n instanceof BigDecimal d) return d.abs();
                    throw Values.typeError(v, "number", "integer");
                });

        lib.addValueMethod(MethodSpec.of("ceil", Category.NUMBERS,
                        "Rounds up to the nearest whole number, towards positive infinity: -4.99 gives -4. The result is "
                                + "an integer when it fits in 64 bits and a float otherwise; integers pass unchanged.")
                .example(Example.of("How many pages 41 items fill at 20 per page.", "root.pages = (this.items / this.per_page).ceil()",
                        "{\"items\":41,\"per_page\":20}", "{\"pages\":3}")),
                args -> (v, ctx) -> roundWith(v, Math::ceil));

        lib.addValueMethod(MethodSpec.of("floor", Category.NUMBERS,
                        "Rounds down to the nearest whole number, towards negative infinity: -7.01 gives -8. The result "
                                + "is an integer when it fits in 64 bits and a float otherwise; integers pass unchanged.")
                .example(Example.of("", "root.whole = this.values.map_each(n -> n.floor())",
                        "{\"values\":[7.99,-7.01]}", "{\"whole\":[7,-8]}")),
                args -> (v, ctx) -> roundWith(v, Math::floor));

        lib.addValueMethod(MethodSpec.of("round", Category.NUMBERS,
                        "Rounds to the nearest whole number; a half goes away from zero, so 2.5 gives 3 and -2.5 gives "
                                + "-3. The result is an integer when it fits in 64 bits and a float otherwise; integers pass "
                                + "unchanged. For decimals, scale first: `(n * 100).round() / 100`.")
                .example(Example.of("", "root.rounded = this.values.map_each(n -> n.round())",
                        "{\"values\":[2.5,-2.5,2.49]}", "{\"rounded\":[3,-3,2]}")),
                args -> (v, ctx) -> roundWith(v, NumberMethods::roundHalfAway));

        lib.addValueMethod(MethodSpec.of("log", Category.NUMBERS,
                        "The natural logarithm (base e) of a number, as a float. Zero and negative numbers have none: "
                                + "they give negative infinity and NaN.")
                .example(Example.of("", "root.ln = this.n.log()",
                        "{\"n\":20}", "{\"ln\":2.995732273553991}")),
                args -> (v, ctx) -> Math.log(number(v)));

        lib.addValueMethod(MethodSpec.of("log10", Category.NUMBERS,
                        "The base-10 logarithm of a number, as a float.")
                .example(Example.of("", "root.magnitudes = this.values.map_each(n -> n.log10())",
                        "{\"values\":[1,1000,0.01]}", "{\"magnitudes\":[0,3,-2]}")),
                args -> (v, ctx) -> Math.log10(number(v)));

        trig(lib, "cos", "The cosine of an angle given in radians. Convert degrees first with `* pi() / 180`, and expect "
                        + "floating point noise such as 5.000000000000001.", Math::cos,
                Example.of("The east-west part of a movement.", "root.dx = this.speed * (this.heading_deg * pi() / 180).cos()",
                        "{\"speed\":10,\"heading_deg\":0}", "{\"dx\":10}",
                        "{\"speed\":10,\"heading_deg\":60}", "{\"dx\":5.000000000000001}"));
        trig(lib, "sin", "The sine of an angle given in radians. Convert degrees first with `* pi() / 180`.", Math::sin,
                Example.of("The north-south part of a movement.", "root.dy = this.speed * (this.heading_deg * pi() / 180).sin()",
                        "{\"speed\":10,\"heading_deg\":90}", "{\"dy\":10}"));
        trig(lib, "tan", "The tangent of an angle given in radians. Convert degrees first with `* pi() / 180`.", Math::tan,
                Example.of("The height of a tower seen 50 m away at 45 degrees.", "root.height = (this.distance * (this.angle_deg * pi() / 180).tan()).round()",
                        "{\"distance\":50,\"angle_deg\":45}", "{\"height\":50}"));

        lib.addValueMethod(MethodSpec.of("pow", Category.NUMBERS,
                        "The number raised to the power of the argument, as a float. A fractional exponent takes a root: "
                                + "`9.pow(0.5)` is 3.")
                .param(Param.float64("exponent", "The power to raise to; may be negative or fractional."))
                .example(Example.of("", "root.results = [2.pow(10), 9.pow(0.5), 2.pow(-1)]",
                        "{}", "{\"results\":[1024,3,0.5]}"))
                .example(Example.of("Compound interest.", "root.balance = (this.deposit * (1 + this.rate).pow(this.years)).round()",
                        "{\"deposit\":1000,\"rate\":0.05,\"years\":10}", "{\"balance\":1629}")),
                args -> {
                    double exp = args.float64("exponent");
                    return (v, ctx) -> Math.pow(number(v), exp);
                });

        lib.addValueMethod(MethodSpec.of("max", Category.NUMBERS,
                        "The largest number in an array. Every element must be a number, and an empty array is an error. "
                                + "Integers beyond 2^53 stay exact.")
                .example(Example.of("", "root.peak = this.readings.max()",
                        "{\"readings\":[21.5,19,23.25,20]}", "{\"peak\":23.25}"))
                .example(Example.of("Clamp a value to the range 0 to 100.", "root.level = [[this.level, 0].max(), 100].min()",
                        "{\"level\":130}", "{\"level\":100}",
                        "{\"level\":-4}", "{\"level\":0}")),
                args -> (v, ctx) -> extreme(v, true));

        lib.addValueMethod(MethodSpec.of("min", Category.NUMBERS,
                        "The smallest number in an array. Every element must be a number, and an empty array is an error.")
                .example(Example.of("", "root.low = this.readings.min()",
                        "{\"readings\":[21.5,19,23.25,20]}", "{\"low\":19}")),
                args -> (v, ctx) -> extreme(v, false));

        bitwise(lib, "bitwise_and", "Keeps the bits set in both the number and the argument, on 64-bit integers. Floats "
                        + "lose their fraction first. Handy to test a flag: `flags.bitwise_and(4) != 0`.", "The mask of bits to keep.", (a, b) -> a & b,
                Example.of("Is bit 2 (value 4) set?", "root.writable = this.flags.bitwise_and(4) != 0",
                        "{\"flags\":6}", "{\"writable\":true}",
                        "{\"flags\":3}", "{\"writable\":false}"));
        bitwise(lib, "bitwise_or", "Sets the bits of the argument in the number, on 64-bit integers. Floats lose their fraction first.",
                "The bits to set.", (a, b) -> a | b,
                Example.of("", "root.flags = this.flags.bitwise_or(8)",
                        "{\"flags\":6}", "{\"flags\":14}"));
        bitwise(lib, "bitwise_xor", "Flips the bits of the number that are set in the argument, on 64-bit integers. Floats lose "
                        + "their fraction first.", "The bits to flip.", (a, b) -> a ^ b,
                Example.of("", "root.flags = this.flags.bitwise_xor(2)",
                        "{\"flags\":6}", "{\"flags\":4}"));
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
