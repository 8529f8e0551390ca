package io.sluice.bloblang.query;

import io.sluice.bloblang.ast.Operator;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

/**
 * An arithmetic or comparison operator applied to two queries ({@code && || |} have their own nodes
 * because they short-circuit).
 */
public final class BinaryQuery implements Query {
    private final Operator op;
    private final Query left;
    private final Query right;
    private final String hint;
    private final boolean comparison;

    /**
     * @param hint appended to type mismatch errors (e.g. how to quote a field name with a dash), or null
     */
    public BinaryQuery(Operator op, Query left, Query right, String hint) {
        this.op = op;
        this.left = left;
        this.right = right;
        this.hint = hint;
        this.comparison = op.precedence() == 2;
    }

    @Override
    public Object exec(ExecContext ctx) {
        Object l = left.exec(ctx);
        Object r = right.exec(ctx);
        return apply(l, r);
    }

    /** True when both operands are constants, so the result can be computed at compile time. */
    public boolean operandsConstant() {
        return left.isConstant() && right.isConstant();
    }

    /** The operation on two values (also used to fold constants at compile time). */
    public Object apply(Object l, Object r) {
        Object fast = fastPath(l, r);
        if (fast != null) return fast;
        try {
            if (comparison) return Operators.compare(op, l, r);
            return Operators.arithmetic(op, l, r);
        } catch (Operators.Mismatch m) {
            throw new QueryException(mismatchMessage(l, r), true);
        } catch (Operators.DivideByZero z) {
            throw new QueryException(right.annotation() + ": attempted to divide by zero", true);
        }
    }

    /**
     * The common cases (two longs, doubles mixed with longs, two strings) without the general
     * dispatch; null when the general rules must decide (including overflow and zero divisors).
     */
    private Object fastPath(Object l, Object r) {
        if (l instanceof Long a && r instanceof Long b) {
            long x = a;
            long y = b;
            switch (op) {
                case ADD -> {
                    long res = x + y;
                    return ((x ^ res) & (y ^ res)) < 0 ? null : (Object) res;
                }
                case SUB -> {
                    long res = x - y;
                    return ((x ^ y) & (x ^ res)) < 0 ? null : (Object) res;
                }
                case EQ -> { return x == y; }
                case NEQ -> { return x != y; }
                case GT -> { return x > y; }
                case GTE -> { return x >= y; }
                case LT -> { return x < y; }
                case LTE -> { return x <= y; }
                default -> { return null; }
            }
        }
        if ((l instanceof Double || l instanceof Long) && (r instanceof Double || r instanceof Long)) {
            double x = ((Number) l).doubleValue();
            double y = ((Number) r).doubleValue();
            return switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> y == 0 ? null : (Object) (x / y);
                case EQ -> x == y;
                case NEQ -> x != y;
                case GT -> x > y;
                case GTE -> x >= y;
                case LT -> x < y;
                case LTE -> x <= y;
                default -> null;
            };
        }
        if (l instanceof String a && r instanceof String b) {
            return switch (op) {
                case ADD -> a.concat(b);
                case EQ -> a.equals(b);
                case NEQ -> !a.equals(b);
                default -> null;
            };
        }
        return null;
    }

    private String mismatchMessage(Object l, Object r) {
        StringBuilder sb = new StringBuilder();
        sb.append("cannot ").append(Operators.verb(op)).append(" types ")
                .append(Values.typeName(l)).append(" (from ").append(left.annotation()).append(") and ")
                .append(Values.typeName(r)).append(" (from ").append(right.annotation()).append(")");
        String extra = hint;
        if (extra == null && (l == null || r == null)) {
            Query nullSide = l == null ? left : right;
            String a = nullSide.annotation();
            int open = a.indexOf('`');
            int close = a.lastIndexOf('`');
            String expr = open >= 0 && close > open ? a.substring(open + 1, close) : null;
            extra = expr == null
                    ? a + " is null: check for null first or give a default with .or(...)"
                    : "`" + expr + "` is null (a missing field?): guard with `" + expr + " != null && ...` or give a default with `"
                    + expr + ".or(...)`";
        }
        if (extra != null) sb.append("; hint: ").append(extra);
        return sb.toString();
    }

    @Override
    public String annotation() {
        return right.annotation();
    }
}
