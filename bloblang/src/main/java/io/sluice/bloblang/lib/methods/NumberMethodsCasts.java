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
        signed(lib, "int64", Long.MIN_VALUE, Long.MAX_VALUE, "a 64-bit",
                Example.of("Text keeps every digit, and may be hex.", "root.id = this.id.int64()",
                        "{\"id\":\"9007199254740993\"}", "{\"id\":9007199254740993}",
                        "{\"id\":\"0x1F\"}", "{\"id\":31}"));
        signed(lib, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit",
                Example.of("", "root.port = this.port.int32()",
                        "{\"port\":\"8080\"}", "{\"port\":8080}"));
        signed(lib, "int16", Short.MIN_VALUE, Short.MAX_VALUE, "a 16-bit",
                Example.of("Round a float before the cast.", "root.offset = this.offset.round().int16()",
                        "{\"offset\":-12.6}", "{\"offset\":-13}"));
        signed(lib, "int8", Byte.MIN_VALUE, Byte.MAX_VALUE, "an 8-bit",
                Example.of("Out of range is an error; `catch` picks a fallback.", "root.level = this.level.int8().catch(0)",
                        "{\"level\":-5}", "{\"level\":-5}",
                        "{\"level\":300}", "{\"level\":0}"));
        unsigned(lib, "uint64", MAX_UINT64, "a 64-bit",
                Example.of("", "root.mask = this.mask.uint64()",
                        "{\"mask\":\"0xffffffffffffffff\"}", "{\"mask\":18446744073709551615}"));
        unsigned(lib, "uint32", BigInteger.valueOf(0xFFFFFFFFL), "a 32-bit",
                Example.of("An IPv4 address as one number.", "root.ip = this.octets.fold(0, acc -> acc.tally * 256 + acc.value).uint32()",
                        "{\"octets\":[192,168,0,1]}", "{\"ip\":3232235521}"));
        unsigned(lib, "uint16", BigInteger.valueOf(0xFFFF), "a 16-bit",
                Example.of("Negative numbers are an error too.", "root.port = this.port.uint16().catch(0)",
                        "{\"port\":\"443\"}", "{\"port\":443}",
                        "{\"port\":-1}", "{\"port\":0}"));
        unsigned(lib, "uint8", BigInteger.valueOf(0xFF), "an 8-bit",
                Example.of("Opacity from 0 to 1 as a byte.", "root.alpha = (this.opacity * 255).round().uint8()",
                        "{\"opacity\":0.5}", "{\"alpha\":128}"));

        lib.addValueMethod(MethodSpec.of("float64", Category.NUMBERS,
                        "Converts a number, or text holding one, to a 64-bit float. Whole numbers beyond 2^53 lose their "
                                + "last digits on the way. Mostly useful where an output needs that exact type, such as an SQL "
                                + "column.")
                .example(Example.of("", "root.ratio = this.ratio.float64()",
                        "{\"ratio\":\"0.125\"}", "{\"ratio\":0.125}",
                        "{\"ratio\":\"9007199254740993\"}", "{\"ratio\":9007199254740992}")),
                args -> (v, ctx) -> toFloat64(v));

        lib.addValueMethod(MethodSpec.of("float32", Category.NUMBERS,
                        "Converts a number, or text holding one, to a 32-bit float, which keeps about seven significant "
                                + "digits. Mostly useful where an output needs that exact type, such as an SQL column.")
                .example(Example.of("", "root.temp = this.temp.float32()",
                        "{\"temp\":\"21.123456789\"}", "{\"temp\":21.123457}")),
                args -> (v, ctx) -> {
                    float f = (float) toFloat64(v);
                    // Kept as the double with the float's shortest digits, so it prints like Go's float32.
                    return Float.isNaN(f) || Float.isInfinite(f) ? (double) f : Double.parseDouble(Float.toString(f));
                });
    }

    /** The description of an integer cast, its range written from the bounds the cast checks. */
    private static String description(String kind, Object min, Object max) {
        return "Converts a number, or text holding an integer, to " + kind + " integer: " + min + " to " + max + ". "
                + "Text may use the prefixes `0x`, `0o` and `0b`. A value out of range, or a float with a fractional part, "
                + "is an error: round floats first with `.round()`, `.floor()` or `.ceil()`. Mostly useful where an output "
                + "needs that exact type, such as an SQL column.";
    }

    private static void signed(Library lib, String name, long min, long max, String bits, Example example) {
        lib.addValueMethod(MethodSpec.of(name, Category.NUMBERS, description(bits + " signed", min, max)).example(example),
                args -> (v, ctx) -> {
                    long l = Values.parseLong(v);
                    if (l > max) throw new QueryException("value is too large for " + bits + " signed integer");
                    if (l < min) throw new QueryException("value is too small for " + bits + " signed integer");
                    return l;
                });
    }

    private static void unsigned(Library lib, String name, BigInteger max, String bits, Example example) {
        lib.addValueMethod(MethodSpec.of(name, Category.NUMBERS, description(bits + " unsigned", 0, max)).example(example),
                args -> (v, ctx) -> {
                    BigInteger u = toUint(v);
                    if (u.compareTo(max) > 0) throw new QueryException("value is too large for " + bits + " unsigned integer");
                    return Values.integer(u);
                });
    }

    /** The original's {@code IToUint}. */
    static BigInteger toUint(Object v) {
        v = Values.normalize(v);
        if (v instanceof Long l) {
            if (l < 0) throw new QueryException("negative integer value cannot be an unsigned integer");
            return BigInteger.valueOf(l);
        }
        if (v instanceof BigInteger b) {
            if (b.signum() < 0) throw new QueryException("negative integer value cannot be an unsigned integer");
            if (b.compareTo(MAX_UINT64) > 0) throw new QueryException("value is too large for a 64-bit unsigned integer");
            return b;
        }
        if (v instanceof Double || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (d < 0) throw new QueryException("negative float value cannot be an unsigned integer");
            if (Double.isInfinite(d)) throw new QueryException("cannot convert +/-INF to an unsigned integer");
            if (Double.isNaN(d)) throw new QueryException("cannot convert NAN to an unsigned integer");
            if (d >= 1.8446744073709552E19) throw new QueryException("float value is too large for a 64-bit unsigned integer");
            if (d != Math.floor(d)) {
                throw new QueryException("float value has a fractional part and cannot be an unsigned integer; round it first with `.round()`, `.floor()` or `.ceil()`");
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
