package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.bloblang.runtime.TypeException;
import io.sluice.bloblang.runtime.TypeNames;
import io.sluice.core.message.Structured;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The value model seen from Bloblang: type names, strict getters ("this must be a number") and
 * lenient conversions ("parse this into a number"), with the original's error texts. Library code
 * should use these instead of casting, so every function reports the same
 * {@code expected number value, got string ("abc")}.
 *
 * <p>Values are the {@link Structured} model ({@code Map}, {@code List}, {@code String}, {@code Long},
 * {@code BigInteger}, {@code Double}, {@code BigDecimal}, {@code Boolean}, {@code byte[]}, null) plus
 * {@link Timestamp} and the {@link Marker}s {@code deleted()} / {@code nothing()}.
 */
public final class Values {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    // ---- type names ----------------------------------------------------------------------------

    /** The Bloblang type name: string, bytes, number, bool, timestamp, array, object, null, delete, nothing. */
    public static String typeName(Object v) {
        return TypeNames.of(v);
    }

    public static boolean isNumber(Object v) {
        return v instanceof Number;
    }

    /** True for {@code null}, {@code deleted()} and {@code nothing()}: what {@code |} and {@code or()} skip. */
    public static boolean isNull(Object v) {
        return v == null || v instanceof Marker;
    }

    // ---- errors --------------------------------------------------------------------------------

    /** {@code expected <expected> value, got <type> (<value>)}; the framework adds where it came from. */
    public static QueryException typeError(Object actual, String... expected) {
        return new TypeException(Arrays.asList(expected), typeName(actual), null, shown(actual));
    }

    /** As {@link #typeError} but naming the expression that produced the value. */
    public static QueryException typeErrorFrom(Query from, Object actual, String... expected) {
        return new TypeException(Arrays.asList(expected), typeName(actual), from == null ? null : from.annotation(), shown(actual));
    }

    /** The short form of a value shown in type errors: strings quoted, numbers and booleans as is, others not shown. */
    static String shown(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof Number || v instanceof Boolean) return toText(v);
        return "";
    }

    // ---- numbers -------------------------------------------------------------------------------

    /** Integer, Short, Byte become Long; Float becomes Double; other values are returned as they are. */
    public static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        return v;
    }

    /** True for integral numbers (Long, BigInteger, Integer...). */
    public static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof BigInteger || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    /** A strict number as a double: numbers only, no parsing ({@code IGetNumber}). */
    public static double asDouble(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw typeError(v, "number");
    }

    /** A strict number as a long; floats are truncated, as the original does ({@code IGetInt}). */
    public static long asLong(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Number n) {
            if (v instanceof BigInteger b) return b.longValue();
            if (v instanceof BigDecimal d) return d.longValue();
            return n.longValue();
        }
        throw typeError(v, "number");
    }

    /** A number or numeric text as a double ({@code IToNumber}): {@code "3.5"} is accepted. */
    public static double parseDouble(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        String s = null;
        if (v instanceof String str) s = str;
        else if (v instanceof byte[] b) s = new String(b, StandardCharsets.UTF_8);
        if (s != null) {
            try {
                return parseGoFloat(s);
            } catch (NumberFormatException e) {
                throw new QueryException("strconv.ParseFloat: parsing " + goQuote(s) + ": invalid syntax");
            }
        }
        throw typeError(v, "number");
    }

    /** A number or integer text as an exact integer ({@code IToInt}): floats must be whole, text may use 0x/0o/0b. */
    public static long parseLong(Object v) {
        v = normalize(v);
        if (v instanceof Long l) return l;
        if (v instanceof BigInteger b) {
            if (b.compareTo(LONG_MAX) > 0) throw new QueryException("unsigned integer value is too large for a 64-bit signed integer");
            if (b.compareTo(LONG_MIN) < 0) throw new QueryException("integer value is too small for a 64-bit signed integer");
            return b.longValue();
        }
        if (v instanceof Double || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (Double.isInfinite(d)) throw new QueryException("cannot convert +/-INF to an integer");
            if (Double.isNaN(d)) throw new QueryException("cannot convert NAN to an integer");
            if (d >= 9.223372036854775807E18) throw new QueryException("float value is too large for a 64-bit signed integer");
            if (d < -9.223372036854775808E18) throw new QueryException("float value is too small for a 64-bit signed integer");
            if (d != Math.rint(d)) {
                throw new QueryException("float value has a fractional part and cannot be a signed integer; round it first with `.round()`, `.floor()` or `.ceil()`");
            }
            return (long) d;
        }
        String s = null;
        if (v instanceof String str) s = str;
        else if (v instanceof byte[] b) s = new String(b, StandardCharsets.UTF_8);
        if (s != null) {
            BigInteger b = parseGoInteger(s);
            if (b == null) throw new QueryException("strconv.ParseInt: parsing " + goQuote(s) + ": invalid syntax");
            if (b.bitLength() > 63) throw new QueryException("strconv.ParseInt: parsing " + goQuote(s) + ": value out of range");
            return b.longValue();
        }
        throw typeError(v, "number");
    }

    /** Parses integer text as Go's {@code strconv.ParseInt(s, 0, 64)} does (sign, 0x, 0o, 0b, leading 0 octal, underscores); null if invalid. */
    public static BigInteger parseGoInteger(String s) {
        if (s.isEmpty()) return null;
        boolean neg = false;
        int i = 0;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        boolean prefixed = false;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char c = Character.toLowerCase(body.charAt(1));
            if (c == 'x') { radix = 16; body = body.substring(2); prefixed = true; }
            else if (c == 'o') { radix = 8; body = body.substring(2); prefixed = true; }
            else if (c == 'b') { radix = 2; body = body.substring(2); prefixed = true; }
            else { radix = 8; body = body.substring(1); prefixed = true; }
        }
        if (prefixed) body = body.replace("_", "");
        if (body.isEmpty() || body.charAt(0) == '+' || body.charAt(0) == '-') return null;
        try {
            BigInteger b = new BigInteger(body, radix);
            return neg ? b.negate() : b;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses float text as Go's {@code strconv.ParseFloat} (accepts Inf, NaN, hex floats are not supported). */
    public static double parseGoFloat(String s) {
        String t = s;
        switch (t.toLowerCase()) {
            case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            case "nan" -> { return Double.NaN; }
            default -> { }
        }
        if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)) || t.charAt(t.length() - 1) == '.')) {
            throw new NumberFormatException(s);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || c == '_')) {
                throw new NumberFormatException(s);
            }
        }
        return Double.parseDouble(t.replace("_", ""));
    }

    /**
     * Narrows an integral result: Long when it fits, else BigInteger. Keeps ids beyond 2^63 exact
     * where the original would wrap around.
     */
    public static Number integer(BigInteger b) {
        return b.bitLength() <= 63 ? (Number) b.longValue() : b;
    }

    // ---- other strict getters ------------------------------------------------------------------

    /** Strict boolean ({@code IGetBool}): booleans, and numbers (non-zero is true). */
    public static boolean asBool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) {
            if (n instanceof BigInteger bi) return bi.signum() != 0;
            if (n instanceof BigDecimal bd) return bd.signum() != 0;
            return n.doubleValue() != 0;
        }
        throw typeError(v, "bool");
    }

    /** Lenient boolean ({@code IToBool}): also parses {@code 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False}. */
    public static boolean parseBool(Object v) {
        String s = v instanceof String str ? str : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
        if (s != null) {
            switch (s) {
                case "1", "t", "T", "TRUE", "true", "True" -> { return true; }
                case "0", "f", "F", "FALSE", "false", "False" -> { return false; }
                default -> throw typeError(v, "bool");
            }
        }
        return asBool(v);
    }

    /** Strict string ({@code IGetString}): strings, bytes (decoded) and timestamps (RFC 3339). */
    public static String asString(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v instanceof Timestamp t) return t.toString();
        throw typeError(v, "string");
    }

    /** Strict bytes ({@code IGetBytes}): strings, bytes and timestamps. */
    public static byte[] asBytes(Object v) {
        if (v instanceof byte[] b) return b;
        if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        if (v instanceof Timestamp t) return t.toString().getBytes(StandardCharsets.UTF_8);
        throw typeError(v, "bytes");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object v) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw typeError(v, "object");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object v) {
        if (v instanceof List<?> l) return (List<Object>) l;
        throw typeError(v, "array");
    }

    /**
     * A timestamp ({@code IGetTimestamp}): timestamps as they are, numbers as unix seconds (fractions
     * are nanoseconds), strings as RFC 3339.
     */
    public static Timestamp asTimestamp(Object v) {
        if (v instanceof Timestamp t) return t;
        if (v instanceof ZonedDateTime z) return new Timestamp(z);
        if (v instanceof OffsetDateTime o) return new Timestamp(o.toZonedDateTime());
        if (v instanceof Instant i) return Timestamp.utc(i);
        if (v instanceof Number n) {
            if (isInteger(n)) return Timestamp.of(Instant.ofEpochSecond(n.longValue()), ZoneId.systemDefault());
            double d = n.doubleValue();
            long secs = (long) d;
            long nanos = (long) ((d - secs) * 1e9);
            return Timestamp.of(Instant.ofEpochSecond(secs, nanos), ZoneId.systemDefault());
        }
        if (v instanceof String || v instanceof byte[]) {
            String s = asString(v);
            try {
                return parseRfc3339(s);
            } catch (DateTimeParseException e) {
                throw new QueryException("parsing time " + goQuote(s) + " as \"2006-01-02T15:04:05.999999999Z07:00\": cannot parse " + goQuote(s) + " as RFC 3339");
            }
        }
        throw typeError(v, "number", "string");
    }

    /** Parses RFC 3339 text, keeping the offset it was written with. */
    public static Timestamp parseRfc3339(String s) {
        OffsetDateTime odt = OffsetDateTime.parse(s.replace('t', 'T').replace('z', 'Z'));
        if (odt.getOffset().getTotalSeconds() == 0 && !s.endsWith("Z") && !s.endsWith("z")) {
            return new Timestamp(odt.toZonedDateTime());
        }
        return new Timestamp(odt.getOffset().equals(ZoneOffset.UTC) ? odt.atZoneSameInstant(ZoneOffset.UTC) : odt.toZonedDateTime());
    }

    // ---- text ----------------------------------------------------------------------------------

    /**
     * The text form of any value ({@code IToString}): strings raw, numbers as Go prints them
     * ({@code 1e+06} for a float million), timestamps RFC 3339, null as {@code null}, structures as JSON.
     */
    public static String toText(Object v) {
        if (v instanceof String s) return s;
        if (v == null) return "null";
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Short || v instanceof Byte) return v.toString();
        if (v instanceof Double d) return formatFloat(d);
        if (v instanceof Float f) return formatFloat(f.doubleValue());
        if (v instanceof BigDecimal bd) return bd.toString();
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Timestamp t) return t.toString();
        if (v instanceof Marker) return "null";
        return toJson(v);
    }

    /** Bytes of the text form ({@code IToBytes}). */
    public static byte[] toBytes(Object v) {
        if (v instanceof byte[] b) return b;
        return toText(v).getBytes(StandardCharsets.UTF_8);
    }

    /** Compact JSON with sorted keys, as the original serialises documents. */
    public static String toJson(Object v) {
        return Structured.toJson(v instanceof Marker ? null : v);
    }

    /**
     * Formats a double like Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}: the shortest digits that
     * round-trip, in exponent form when the exponent is below -4 or at least 6 ({@code 1e+06}).
     */
    public static String formatFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - bd.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (d < 0) sb.append('-');
        if (exp < -4 || exp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) sb.append('0');
            sb.append(ae);
            return sb.toString();
        }
        sb.append(bd.abs().toPlainString());
        return sb.toString();
    }

    /** Go's {@code %q}-like quoting used in parse errors. */
    public static String goQuote(String s) {
        StringBuilder sb = new StringBuilder();
        Structured.quote(sb, s);
        return sb.toString();
    }

    // ---- equality and copies -------------------------------------------------------------------

    /**
     * Bloblang equality ({@code ICompare}): numbers by value across int/float, strings equal to bytes,
     * booleans equal to numbers by truthiness, arrays and objects deeply.
     */
    public static boolean equal(Object left, Object right) {
        if (left == null && right == null) return true;
        Object l = restrictForComparison(left);
        if (l instanceof String ls) {
            if (right instanceof String rs) return ls.equals(rs);
            if (right instanceof byte[] || right instanceof Timestamp) return ls.equals(asString(right));
            return false;
        }
        if (l instanceof Number ln) {
            if (!(right instanceof Number rn)) return false;
            return numbersEqual(ln, rn);
        }
        if (l instanceof Boolean lb) {
            if (right instanceof Boolean || right instanceof Number) return lb == asBool(right);
            return false;
        }
        if (l instanceof List<?> ll) {
            if (!(right instanceof List<?> rl) || ll.size() != rl.size()) return false;
            for (int i = 0; i < ll.size(); i++) if (!equal(ll.get(i), rl.get(i))) return false;
            return true;
        }
        if (l instanceof Map<?, ?> lm) {
            if (!(right instanceof Map<?, ?> rm) || lm.size() != rm.size()) return false;
            for (Map.Entry<?, ?> e : lm.entrySet()) {
                if (!equal(e.getValue(), rm.get(e.getKey()))) return false;
            }
            return true;
        }
        return false;
    }

    private static boolean numbersEqual(Number a, Number b) {
        if (a instanceof Long && b instanceof Long) return a.longValue() == b.longValue();
        if (isInteger(a) && isInteger(b)) return toBigInteger(a).equals(toBigInteger(b));
        if (a instanceof BigDecimal || b instanceof BigDecimal) return toBigDecimal(a).compareTo(toBigDecimal(b)) == 0;
        return a.doubleValue() == b.doubleValue();
    }

    /** Timestamps compare as their text, bytes as text (as the original's RestrictForComparison). */
    private static Object restrictForComparison(Object v) {
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v instanceof Timestamp t) return t.toString();
        return normalize(v);
    }

    public static BigInteger toBigInteger(Number n) {
        if (n instanceof BigInteger b) return b;
        if (n instanceof BigDecimal d) return d.toBigInteger();
        if (n instanceof Double || n instanceof Float) return new BigDecimal(n.doubleValue()).toBigInteger();
        return BigInteger.valueOf(n.longValue());
    }

    public static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) return d;
        if (n instanceof BigInteger b) return new BigDecimal(b);
        if (n instanceof Double || n instanceof Float) return new BigDecimal(n.doubleValue());
        return BigDecimal.valueOf(n.longValue());
    }

    /** A deep copy of maps and lists (scalars are immutable and shared). */
    public static Object deepCopy(Object v) {
        if (v instanceof Map || v instanceof List || v instanceof byte[]) return Structured.deepCopy(v);
        return v;
    }
}
