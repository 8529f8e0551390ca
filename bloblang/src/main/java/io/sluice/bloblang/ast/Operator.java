package io.sluice.bloblang.ast;

/**
 * Binary operators with the original's precedence levels: {@code * / % |} bind tightest, then
 * {@code + -}, then comparisons, then {@code && ||} (which share one level and group left to right).
 */
public enum Operator {
    MUL("*", 4), DIV("/", 4), MOD("%", 4), COALESCE("|", 4), XOR("^", 4),
    ADD("+", 3), SUB("-", 3),
    EQ("==", 2), NEQ("!=", 2), GT(">", 2), GTE(">=", 2), LT("<", 2), LTE("<=", 2),
    AND("&&", 1), OR("||", 1);

    private final String symbol;
    private final int precedence;

    Operator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    /** Higher binds tighter. */
    public int precedence() {
        return precedence;
    }
}
