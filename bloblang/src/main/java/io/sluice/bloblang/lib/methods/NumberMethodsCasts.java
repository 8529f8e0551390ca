package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Conversions to sized integer and float types ({@code int8} ... {@code uint64}, {@code float32},
 * {@code float64}) with the original's range checks. Kept apart from {@link NumberMethods} so the
 * module can be dropped if the language core registers these names itself.
 */
public final class NumberMethodsCasts implements LibraryModule {

    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    public void register(Library lib) {
        signed(lib, "int64", "64-bit signed integer", "\"0xDEADBEEF\"", "3735928559", Long.MIN_VALUE, Long.MAX_VALUE, "");
        signed(lib, "int32", "32-bit signed integer", "\"0xDEAD\"", "57005", Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit");
        signed(lib, "int16", "16-bit signed integer", "\"0xDE\"", "222", Short.MIN_VALUE, Short.MAX_VALUE, "a 16-bit");
        signed(lib, "int8", "8-bit signed integer", "\"0xD\"", "13", Byte.MIN_VALUE, Byte.MAX_VALUE, "an 8-bit");
        unsigned(lib, "uint64", "64-bit unsigned integer", "\"0xDEADBEEF\"", "3735928559", MAX_UINT64, "");
        unsigned(lib, "uint32", "32-bit unsigned integer", "\"0xDEAD\"", "57005", BigInteger.valueOf(0xFFFFFFFFL), "a 32-bit");
        unsigned(lib, "uint16", "16-bit unsigned integer", "\"0xDE\"", "222", BigInteger.valueOf(0xFFFF), "a 16-bit");
        unsigned(lib, "uint8", "8-bit unsigned integer", "\"0xD\"", "13", BigInteger.valueOf(0xFF), "an 8-bit");

        lib.addValueMethod(MethodSpec.of("float64", Category.NUMBERS,
                        "Converts a numerical type into a 64-bit floating point number, this is for advanced use cases where a specific data type is needed for a given component (such as the ClickHouse SQL driver).\n\nIf the value is a string then an attempt will be made to parse it as a 64-bit floating point number.")
                .example(Example.of("", "root.out = this.in.float64()",
                        "{\"in\":\"6.674282313423543523453425345e-11\"}", "{\"out\":6.674282313423544e-11}")),
                args -> (v, ctx) -> toFloat64(v));

        lib.addValueMethod(MethodSpec.of("float32", Category.NUMBERS,
                        "Converts a numerical type into a 32-bit floating point number, this is for advanced use cases where a specific data type is needed for a given component (such as the ClickHouse SQL driver).\n\nIf the value is a string then an attempt will be made to parse it as a 32-bit floating point number.")
                .example(Example.of("", "root.out = this.in.float32()",
                        "{\"in\":\"6.674282313423543523453425345e-11\"}", "{\"out\":6.674283e-11}")),
                args -> (v, ctx) -> {
                    float f = (float) toFloat64(v);
                    // Kept as the double with the float's shortest digits, so it prints like Go's float32.
                    return Float.isNaN(f) || Float.isInfinite(f) ? (double) f : Double.parseDouble(Float.toString(f));
                });
    }

    private static String description(String longName) {
        return "Converts a numerical type into a " + longName + ", this is for advanced use cases where a specific data type is needed for a given component (such as the ClickHouse SQL driver).\n\n"
                + "If the value is a string then an attempt will be made to parse it as a " + longName
                + ". If the target value exceeds the capacity of an integer or contains decimal values then this method will throw an error. In order to convert a floating point number containing decimals first use `.round()` on the value.";
    }

    private static Example firstExample(String name) {
        String out = name.startsWith("u") ? "{\"a\":12,\"b\":12,\"c\":12,\"d\":0}" : "{\"a\":12,\"b\":12,\"c\":12,\"d\":-12}";
        return Example.of("", "root.a = this.a." + name + "()\nroot.b = this.b.round()." + name + "()\nroot.c = this.c." + name + "()\nroot.d = this.d." + name + "().catch(0)",
                "{\"a\":12,\"b\":12.34,\"c\":\"12\",\"d\":-12}", out);
    }

    private static void signed(Library lib, String name, String longName, String in, String out, long min, long max, String bits) {
        lib.addValueMethod(MethodSpec.of(name, Category.NUMBERS, description(longName))
                        .example(firstExample(name))
                        .example(Example.of("", "root = this." + name + "()", in, out)),
                args -> (v, ctx) -> {
                    long l = Values.parseLong(v);
                    if (l > max) throw new QueryException("value is too large to be cast as " + bits + " signed integer");
                    if (l < min) throw new QueryException("value is too small to be cast as " + bits + " signed integer");
                    return l;
                });
    }

    private static void unsigned(Library lib, String name, String longName, String in, String out, BigInteger max, String bits) {
        lib.addValueMethod(MethodSpec.of(name, Category.NUMBERS, description(longName))
                        .example(firstExample(name))
                        .example(Example.of("", "root = this." + name + "()", in, out)),
                args -> (v, ctx) -> {
                    BigInteger u = toUint(v);
                    if (u.compareTo(max) > 0) throw new QueryException("value is too large to be cast as " + bits + " unsigned integer");
                    return Values.integer(u);
                });
    }

    /** The original's {@code IToUint}. */
    static BigInteger toUint(Object v) {
        v = Values.normalize(v);
        if (v instanceof Long l) {
            if (l < 0) throw new QueryException("signed integer value is negative and cannot be cast as an unsigned integer");
            return BigInteger.valueOf(l);
        }
        if (v instanceof BigInteger b) {
            if (b.signum() < 0) throw new QueryException("signed integer value is negative and cannot be cast as an unsigned integer");
            if (b.compareTo(MAX_UINT64) > 0) throw new QueryException("value is too large to be cast as an unsigned integer");
            return b;
        }
        if (v instanceof Double || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (d < 0) throw new QueryException("float value is negative and cannot be cast as an unsigned integer");
            if (Double.isInfinite(d)) throw new QueryException("cannot convert +/-INF to an unsigned integer");
            if (Double.isNaN(d)) throw new QueryException("cannot convert NAN to an unsigned integer");
            if (d >= 1.8446744073709552E19) throw new QueryException("float value is too large to be cast as an unsigned integer");
            if (d != Math.floor(d)) {
                throw new QueryException("float value contains decimals and therefore cannot be cast as an unsigned integer, if you intend to round the value then call `.round()` explicitly before this cast");
            }
            return new BigDecimal(d).toBigInteger();
        }
        String s = v instanceof String str ? str : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
        if (s != null) {
            BigInteger b = s.startsWith("-") || s.startsWith("+") ? null : Values.parseGoInteger(s);
            if (b == null) throw new QueryException("strconv.ParseUint: parsing " + Values.goQuote(s) + ": invalid syntax");
            if (b.compareTo(MAX_UINT64) > 0) throw new QueryException("strconv.ParseUint: parsing " + Values.goQuote(s) + ": value out of range");
            return b;
        }
        throw Values.typeError(v, "number");
    }

    /** The original's {@code IToFloat64}: numbers, or text parsed as a float. */
    static double toFloat64(Object v) {
        return Values.parseDouble(v);
    }
}
