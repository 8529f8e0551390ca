package io.sluice.bloblang.parser;

import io.sluice.bloblang.ast.Expr;
import io.sluice.bloblang.ast.Operator;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Queries: operator chains folded by precedence, unary {@code -} and {@code !}, paths, method and
 * function calls, indexes and slices, variables, metadata and lambdas. {@code match} and {@code if}
 * expressions come from the layer above.
 */
abstract class ExpressionParser extends LiteralParser {
    /** Guards the recursion: deeper nesting than this is refused rather than overflowing the stack. */
    private static final int MAX_DEPTH = 400;
    private final Deque<String> namedContexts = new ArrayDeque<>();
    private int depth;

    ExpressionParser(Source source) {
        super(source);
    }

    /** {@code match subject { pattern => value }}, at the keyword. */
    abstract Expr match();

    /** {@code if cond { value } else { value }}, at the keyword. */
    abstract Expr ifExpression();

    /** {@code term (op term)*} with the original's precedence passes. */
    @Override
    public Expr query() {
        if (++depth > MAX_DEPTH) throw ParseError.fatal(pos, "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        try {
            return operatorChain();
        } finally {
            depth--;
        }
    }

    private Expr operatorChain() {
        spaces();
        List<Expr> terms = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        List<Boolean> tight = new ArrayList<>();
        List<Integer> opPos = new ArrayList<>();
        terms.add(unary());
        while (true) {
            int save = pos;
            boolean spaceBefore = peek() == ' ' || peek() == '\t';
            spaces();
            int at = pos;
            Operator op = operator();
            if (op == null) {
                pos = save;
                break;
            }
            boolean spaceAfter = peek() == ' ' || peek() == '\t' || peek() == '\n';
            wsnl();
            ops.add(op);
            opPos.add(at);
            tight.add(!spaceBefore && !spaceAfter);
            terms.add(unary());
        }
        if (ops.isEmpty()) return terms.get(0);
        return precedence(terms, ops, tight, opPos);
    }

    /** Folds the operator chain level by level, left to right within a level (as the original does). */
    private static Expr precedence(List<Expr> terms, List<Operator> ops, List<Boolean> tight, List<Integer> opPos) {
        List<Expr> ts = new ArrayList<>(terms);
        List<Operator> os = new ArrayList<>(ops);
        List<Boolean> tt = new ArrayList<>(tight);
        List<Integer> ps = new ArrayList<>(opPos);
        for (int level = 4; level >= 1; level--) {
            List<Expr> nts = new ArrayList<>();
            List<Operator> nos = new ArrayList<>();
            List<Boolean> ntt = new ArrayList<>();
            List<Integer> nps = new ArrayList<>();
            nts.add(ts.get(0));
            for (int i = 0; i < os.size(); i++) {
                Operator op = os.get(i);
                Expr right = ts.get(i + 1);
                if (op.precedence() == level) {
                    Expr left = nts.remove(nts.size() - 1);
                    nts.add(new Expr.Binary(op, left, right, tt.get(i), ps.get(i)));
                } else {
                    nts.add(right);
                    nos.add(op);
                    ntt.add(tt.get(i));
                    nps.add(ps.get(i));
                }
            }
            ts = nts;
            os = nos;
            tt = ntt;
            ps = nps;
        }
        return ts.get(0);
    }

    private Operator operator() {
        char c = peek();
        char d = peekAt(1);
        switch (c) {
            case '+' -> { pos++; return Operator.ADD; }
            case '-' -> {
                if (d == '>') return null;
                pos++;
                return Operator.SUB;
            }
            case '/' -> { pos++; return Operator.DIV; }
            case '*' -> { pos++; return Operator.MUL; }
            case '%' -> { pos++; return Operator.MOD; }
            case '^' -> { pos++; return Operator.XOR; }
            case '&' -> {
                if (d == '&') { pos += 2; return Operator.AND; }
                return null;
            }
            case '|' -> {
                if (d == '|') { pos += 2; return Operator.OR; }
                pos++;
                return Operator.COALESCE;
            }
            case '=' -> {
                if (d == '=') { pos += 2; return Operator.EQ; }
                return null;
            }
            case '!' -> {
                if (d == '=') { pos += 2; return Operator.NEQ; }
                return null;
            }
            case '>' -> {
                if (d == '=') { pos += 2; return Operator.GTE; }
                pos++;
                return Operator.GT;
            }
            case '<' -> {
                if (d == '=') { pos += 2; return Operator.LTE; }
                pos++;
                return Operator.LT;
            }
            default -> { return null; }
        }
    }

    /** {@code -term}, {@code !term} or a term. */
    private Expr unary() {
        int start = pos;
        if (peek() == '-' && peekAt(1) != '>') {
            pos++;
            wsnl();
            Expr operand = notOrTerm();
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Number) {
                return new Expr.Literal(negate(lit.value()), start);
            }
            return new Expr.Negate(operand, start);
        }
        return notOrTerm();
    }

    private static Object negate(Object n) {
        if (n instanceof Long l) return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        if (n instanceof BigInteger b) {
            BigInteger r = b.negate();
            return r.bitLength() <= 63 ? (Object) r.longValue() : r;
        }
        return -((Double) n);
    }

    private Expr notOrTerm() {
        int start = pos;
        if (peek() == '!' && peekAt(1) != '=') {
            pos++;
            spaces();
            return new Expr.Not(tails(primary()), start);
        }
        return tails(primary());
    }

    /** {@code .field}, {@code .method(...)}, {@code .(query)} and {@code [index]} after a term. */
    private Expr tails(Expr e) {
        while (true) {
            if (peek() == '.' ) {
                int dot = pos;
                pos++;
                wsnl();
                char c = peek();
                if (c == '(') {
                    pos++;
                    wsnl();
                    Expr body = query();
                    wsnl();
                    expect(')', ")");
                    e = new Expr.MapIn(e, body, dot);
                } else if (c == '"') {
                    int at = pos;
                    e = new Expr.Field(e, quotedString(), at);
                } else if (isIdentChar(c)) {
                    int at = pos;
                    String name = identifier();
                    if (peek() == '(') {
                        if (!isSnakeCase(name)) throw new ParseError(at, "method names must be snake_case: " + name);
                        e = new Expr.MethodCall(e, name, arguments(), at);
                    } else {
                        e = new Expr.Field(e, name, at);
                    }
                } else {
                    throw unexpected("expected a field name, a method call or ( after '.'");
                }
            } else if (peek() == '[') {
                e = bracketAccess(e);
            } else {
                return e;
            }
        }
    }

    /** {@code [i]} or {@code [start:end:step]}. */
    private Expr bracketAccess(Expr target) {
        int at = pos;
        pos++;
        wsnl();
        Expr first = null;
        if (peek() != ':') first = query();
        wsnl();
        if (peek() == ']') {
            pos++;
            if (first == null) throw new ParseError(at, "expected an index inside [ ]");
            return new Expr.Index(target, first, at);
        }
        Expr end = null;
        Expr step = null;
        expect(':', ": or ]");
        wsnl();
        if (peek() != ':' && peek() != ']') end = query();
        wsnl();
        if (peek() == ':') {
            pos++;
            wsnl();
            if (peek() != ']') step = query();
            wsnl();
        }
        expect(']', "]");
        return new Expr.Slice(target, first, end, step, at);
    }

    private Expr primary() {
        int start = pos;
        char c = peek();
        if (eof()) throw unexpected("expected a query");
        if (keyword("match")) return match();
        if (keyword("if")) return ifExpression();
        if (isIdentChar(c) && lambdaAhead()) return lambda();
        switch (c) {
            case '(' -> {
                pos++;
                wsnl();
                Expr inner = query();
                wsnl();
                if (peek() != ')') throw unexpected("expected closing bracket )");
                pos++;
                return inner;
            }
            case '"' -> {
                if (s.startsWith("\"\"\"", pos)) return new Expr.Literal(tripleQuoted(), start);
                return new Expr.Literal(quotedString(), start);
            }
            case '[' -> {
                return arrayLiteral();
            }
            case '{' -> {
                return objectLiteral();
            }
            case '@' -> {
                pos++;
                if (peek() == '"') return new Expr.Metadata(quotedString(), start);
                if (isIdentChar(peek())) return new Expr.Metadata(identifier(), start);
                return new Expr.Metadata(null, start);
            }
            case '$' -> {
                pos++;
                if (!isIdentChar(peek())) throw unexpected("expected a variable name after $");
                return new Expr.Variable(identifier(), start);
            }
            default -> {
            }
        }
        if (c >= '0' && c <= '9') return number();
        if (isIdentStart(c)) {
            String word = identifier();
            if (peek() == '(') {
                if (!isSnakeCase(word)) throw new ParseError(start, "function names must be snake_case: " + word);
                return new Expr.FunctionCall(word, arguments(), start);
            }
            switch (word) {
                case "true" -> { return new Expr.Literal(Boolean.TRUE, start); }
                case "false" -> { return new Expr.Literal(Boolean.FALSE, start); }
                case "null" -> { return new Expr.Literal(null, start); }
                case "this" -> { return new Expr.This(start); }
                case "root" -> { return new Expr.Root(start); }
                default -> {
                }
            }
            if (namedContexts.contains(word)) return new Expr.NamedContext(word, start);
            // A bare word reads a field of this (the original's shorthand).
            return new Expr.Field(new Expr.This(start), word, start);
        }
        throw unexpected("expected a query");
    }

    private boolean lambdaAhead() {
        int p = pos;
        while (p < s.length() && isIdentChar(s.charAt(p))) p++;
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
        return s.startsWith("->", p);
    }

    private Expr lambda() {
        int start = pos;
        String name = identifier();
        spaces();
        pos += 2; // ->
        spaces();
        if (!name.equals("_")) {
            if (name.equals("root") || name.equals("this")) {
                throw new ParseError(start, "context label `" + name + "` is not allowed");
            }
            if (namedContexts.contains(name)) {
                throw new ParseError(start, "context label `" + name + "` would shadow a parent context");
            }
            namedContexts.push(name);
        }
        try {
            Expr body = query();
            if (body instanceof Expr.Lambda inner) {
                throw new ParseError(start, "a lambda cannot directly return another lambda: '" + name + "' and '" + inner.parameter() + "' would name the same context");
            }
            return new Expr.Lambda(name, body, start);
        } finally {
            if (!name.equals("_")) namedContexts.pop();
        }
    }

}
