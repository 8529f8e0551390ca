package io.sluice.bloblang.query;

import io.sluice.bloblang.ast.Operator;
import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The arithmetic and comparison rules of the original: integers stay integers (and, unlike the
 * original, widen to BigInteger instead of wrapping on overflow), a float operand makes the operation a
 * float one, {@code /} always yields a float, {@code %} works on integers, {@code +} also concatenates
 * strings, and {@code == / !=} compare any values while ordering needs numbers or strings.
 */
public final class Operators {
    private Operators() {
    }

    /** Thrown when the operand types do not fit; the caller turns it into a message naming both sides. */
    static final class Mismatch extends RuntimeException {
        static final Mismatch INSTANCE = new Mismatch();

        private Mismatch() {
            super(null, null, false, false);
        }
    }

    /** Thrown for a zero divisor; the caller attributes it to the right-hand side. */
    static final class DivideByZero extends RuntimeException {
        static final DivideByZero INSTANCE = new DivideByZero();

        private DivideByZero() {
            super("attempted to divide by zero", null, false, false);
        }
    }

    /** The operation name used in "cannot add types ..." messages. */
    static String verb(Operator op) {
        return switch (op) {
            case ADD -> "add";
            case SUB -> "subtract";
            case DIV -> "divide";
            case MUL -> "multiply";
            case MOD -> "modulo";
            case XOR -> "xor";
            case AND -> "boolean and";
            case OR -> "boolean or";
            case COALESCE -> "coalesce";
            default -> "compare";
        };
    }

    // ---- arithmetic ------------------------------------------------------------------------------

    /** Evaluates {@code + - * / % ^}. */
    static Object arithmetic(Operator op, Object l, Object r) {
        l = Values.normalize(l);
        r = Values.normalize(r);
        switch (op) {
            case ADD -> {
                if (l instanceof Number) return numeric(op, l, r);
                if (l instanceof String || l instanceof byte[]) {
                    String ls = l instanceof String s ? s : new String((byte[]) l, StandardCharsets.UTF_8);
                    if (r instanceof String rs) return ls.concat(rs);
                    if (r instanceof byte[] rb) return ls + new String(rb, StandardCharsets.UTF_8);
                    if (r instanceof Timestamp t) return ls + t;
                    throw Mismatch.INSTANCE;
                }
                throw Mismatch.INSTANCE;
            }
            case SUB, MUL -> {
                return numeric(op, l, r);
            }
            case DIV -> {
                if (!(l instanceof Number ln) || !(r instanceof Number rn)) throw Mismatch.INSTANCE;
                double d = rn.doubleValue();
                if (d == 0) throw DivideByZero.INSTANCE;
                return ln.doubleValue() / d;
            }
            case MOD -> {
                if (!(l instanceof Number) || !(r instanceof Number)) throw Mismatch.INSTANCE;
                if (l instanceof BigInteger || r instanceof BigInteger) {
                    BigInteger a = Values.toBigInteger((Number) l);
                    BigInteger b = Values.toBigInteger((Number) r);
                    if (b.signum() == 0) throw DivideByZero.INSTANCE;
                    return Values.integer(a.remainder(b));
                }
                long a = Values.asLong(l);
                long b = Values.asLong(r);
                if (b == 0) throw DivideByZero.INSTANCE;
                return a % b;
            }
            case XOR -> {
                if (l instanceof Boolean lb && r instanceof Boolean rb) return lb ^ rb;
                if (!Values.isInteger(l) || !Values.isInteger(r)) throw Mismatch.INSTANCE;
                if (l instanceof Long a && r instanceof Long b) return a ^ b;
                return Values.integer(Values.toBigInteger((Number) l).xor(Values.toBigInteger((Number) r)));
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    private static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof BigDecimal;
    }

    private static Object numeric(Operator op, Object l, Object r) {
        if (!(l instanceof Number ln) || !(r instanceof Number rn)) throw Mismatch.INSTANCE;
        if (isFloat(l) || isFloat(r)) {
            double a = ln.doubleValue();
            double b = rn.doubleValue();
            return switch (op) {
                case ADD -> a + b;
                case SUB -> a - b;
                default -> a * b;
            };
        }
        if (l instanceof Long a && r instanceof Long b) {
            long x = a;
            long y = b;
            switch (op) {
                case ADD -> {
                    long res = x + y;
                    if (((x ^ res) & (y ^ res)) < 0) return BigInteger.valueOf(x).add(BigInteger.valueOf(y));
                    return res;
                }
                case SUB -> {
                    long res = x - y;
                    if (((x ^ y) & (x ^ res)) < 0) return BigInteger.valueOf(x).subtract(BigInteger.valueOf(y));
                    return res;
                }
                default -> {
                    long hi = Math.multiplyHigh(x, y);
                    long lo = x * y;
                    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
                    return BigInteger.valueOf(x).multiply(BigInteger.valueOf(y));
                }
            }
        }
        BigInteger a = Values.toBigInteger(ln);
        BigInteger b = Values.toBigInteger(rn);
        return Values.integer(switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.subtract(b);
            default -> a.multiply(b);
        });
    }

    // ---- comparison ------------------------------------------------------------------------------

    /** Evaluates {@code == != > >= < <=}. */
    static boolean compare(Operator op, Object left, Object right) {
        Object l = restrict(left);
        if (l instanceof String ls) {
            String rs;
            if (right instanceof String s) rs = s;
            else if (right instanceof byte[] b) rs = new String(b, StandardCharsets.UTF_8);
            else if (right instanceof Timestamp t) rs = t.toString();
            else return generic(op, left, right);
            int c = ls.compareTo(rs);
            return ordered(op, c);
        }
        if (l instanceof Number ln) {
            Object r = Values.normalize(right);
            if (!(r instanceof Number rn)) return generic(op, left, right);
            return ordered(op, compareNumbers(ln, rn));
        }
        if (l instanceof Boolean lb) {
            if (op != Operator.EQ && op != Operator.NEQ) throw Mismatch.INSTANCE;
            if (right instanceof Boolean || right instanceof Number) {
                boolean eq = lb == Values.asBool(right);
                return op == Operator.EQ ? eq : !eq;
            }
            return op == Operator.NEQ;
        }
        return generic(op, left, right);
    }

    private static boolean generic(Operator op, Object left, Object right) {
        return switch (op) {
            case EQ -> Values.equal(left, right);
            case NEQ -> !Values.equal(left, right);
            default -> throw Mismatch.INSTANCE;
        };
    }

    private static boolean ordered(Operator op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NEQ -> c != 0;
            case GT -> c > 0;
            case GTE -> c >= 0;
            case LT -> c < 0;
            default -> c <= 0;
        };
    }

    /** Compares numbers exactly: as longs or big integers when both are integral, as doubles otherwise. */
    public static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        boolean ai = Values.isInteger(a);
        boolean bi = Values.isInteger(b);
        if (ai && bi) return Values.toBigInteger(a).compareTo(Values.toBigInteger(b));
        if (a instanceof BigDecimal || b instanceof BigDecimal) return Values.toBigDecimal(a).compareTo(Values.toBigDecimal(b));
        double x = a.doubleValue();
        double y = b.doubleValue();
        if (x == y) return 0;
        return x < y ? -1 : x > y ? 1 : Double.compare(x, y);
    }

    private static Object restrict(Object v) {
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v instanceof Timestamp t) return t.toString();
        return Values.normalize(v);
    }

    /** {@code &&} / {@code ||} operands: booleans, or numbers (non-zero is true); errors are not annotated, as in the original. */
    static boolean truthy(Object v) {
        return Values.asBool(v);
    }
}
