package io.sluice.bloblang.lib.methods;

import io.sluice.core.regex.Regex;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Goessner JSONPath: {@code $}, {@code .key}, {@code ['key']}, {@code [n]}, {@code [*]}, {@code ..},
 * unions, slices and {@code [?(expr)]} filters. A path that can only select one value returns it
 * (a missing key is an error); wildcards, descents, slices, unions and filters return an array.
 */
final class JsonPath {
    private final String source;
    private final List<Step> steps;
    private final boolean definite;

    private JsonPath(String source, List<Step> steps) {
        this.source = source;
        this.steps = steps;
        boolean d = true;
        for (Step st : steps) d &= st.definite();
        this.definite = d;
    }

    /** One selector applied to each current node. */
    private interface Step {
        void select(Object node, Object root, List<Object> out);

        default boolean definite() {
            return false;
        }
    }

    private record Key(String name) implements Step {
        public void select(Object node, Object root, List<Object> out) {
            if (node instanceof Map<?, ?> m && m.containsKey(name)) out.add(m.get(name));
        }

        public boolean definite() {
            return true;
        }
    }

    private record Index(int index) implements Step {
        public void select(Object node, Object root, List<Object> out) {
            if (node instanceof List<?> l) {
                int i = index < 0 ? l.size() + index : index;
                if (i >= 0 && i < l.size()) out.add(l.get(i));
            }
        }

        public boolean definite() {
            return true;
        }
    }

    private record Wildcard() implements Step {
        public void select(Object node, Object root, List<Object> out) {
            if (node instanceof Map<?, ?> m) {
                for (Object k : new TreeMap<>(m).keySet()) out.add(m.get(k));
            } else if (node instanceof List<?> l) {
                out.addAll(l);
            }
        }
    }

    private record Union(List<Step> parts) implements Step {
        public void select(Object node, Object root, List<Object> out) {
            for (Step p : parts) p.select(node, root, out);
        }
    }

    private record Slice(Integer start, Integer end, int step) implements Step {
        public void select(Object node, Object root, List<Object> out) {
            if (!(node instanceof List<?> l) || step == 0) return;
            int n = l.size();
            int s = start == null ? (step > 0 ? 0 : n - 1) : (start < 0 ? Math.max(0, n + start) : Math.min(start, n));
            int e = end == null ? (step > 0 ? n : -1) : (end < 0 ? Math.max(-1, n + end) : Math.min(end, n));
            if (step > 0) {
                for (int i = s; i < e; i += step) out.add(l.get(i));
            } else {
                for (int i = Math.min(s, n - 1); i > e; i += step) out.add(l.get(i));
            }
        }
    }

    private record Filter(Expr expr) implements Step {
        public void select(Object node, Object root, List<Object> out) {
            List<Object> candidates = new ArrayList<>();
            if (node instanceof Map<?, ?> m) {
                for (Object k : new TreeMap<>(m).keySet()) candidates.add(m.get(k));
            } else if (node instanceof List<?> l) {
                candidates.addAll(l);
            }
            for (Object c : candidates) {
                if (truthy(expr.eval(c, root))) out.add(c);
            }
        }
    }

    /** {@code ..}: the following step applied to the node and every descendant, depth first. */
    private record Descend(Step next) implements Step {
        public void select(Object node, Object root, List<Object> out) {
            next.select(node, root, out);
            if (node instanceof Map<?, ?> m) {
                for (Object k : new TreeMap<>(m).keySet()) select(m.get(k), root, out);
            } else if (node instanceof List<?> l) {
                for (Object e : l) select(e, root, out);
            }
        }
    }

    static JsonPath compile(String expr) {
        Parser p = new Parser(expr);
        try {
            return new JsonPath(expr, p.path());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("failed to compile JSON path expression " + Values.goQuote(expr) + ": " + e.getMessage());
        }
    }

    Object evaluate(Object value) {
        List<Object> current = new ArrayList<>();
        current.add(value);
        for (Step st : steps) {
            List<Object> next = new ArrayList<>();
            for (Object node : current) {
                int before = next.size();
                st.select(node, value, next);
                if (definite && next.size() == before) {
                    if (st instanceof Key k) throw new QueryException("unknown key " + k.name());
                    if (st instanceof Index i) throw new QueryException("index " + i.index() + " out of bounds");
                }
            }
            current = next;
        }
        if (definite) return current.isEmpty() ? null : current.get(0);
        return current;
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- filter expressions ----

    /** A filter expression evaluated against the current element ({@code @}) and the document ({@code $}). */
    private interface Expr {
        Object eval(Object current, Object root);
    }

    private static boolean truthy(Object v) {
        if (v instanceof Boolean b) return b;
        if (v == null) return false;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof String s) return !s.isEmpty();
        return true;
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return Values.toBigDecimal(x).compareTo(Values.toBigDecimal(y));
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        throw new QueryException("cannot compare " + Values.typeName(a) + " with " + Values.typeName(b));
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        private boolean eat(String t) {
            skipSpaces();
            if (s.startsWith(t, i)) {
                i += t.length();
                return true;
            }
            return false;
        }

        private void expect(String t) {
            if (!eat(t)) throw new IllegalArgumentException("expected " + Values.goQuote(t) + " at position " + i + " of " + Values.goQuote(s));
        }

        private void skipSpaces() {
            while (i < s.length() && s.charAt(i) == ' ') i++;
        }

        List<Step> path() {
            skipSpaces();
            if (!eat("$")) throw new IllegalArgumentException("failed to compile JSON path expression " + Values.goQuote(s) + ": expected '$'");
            List<Step> steps = steps();
            skipSpaces();
            if (i < s.length()) throw new IllegalArgumentException("unexpected " + Values.goQuote(s.substring(i)) + " in JSON path " + Values.goQuote(s));
            return steps;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            while (i < s.length()) {
                if (s.startsWith("..", i)) {
                    i += 2;
                    Step next;
                    if (i < s.length() && s.charAt(i) == '[') {
                        next = bracket();
                    } else if (eat("*")) {
                        next = new Wildcard();
                    } else {
                        next = new Key(name());
                    }
                    steps.add(new Descend(next));
                } else if (s.charAt(i) == '.') {
                    i++;
                    if (eat("*")) steps.add(new Wildcard());
                    else steps.add(new Key(name()));
                } else if (s.charAt(i) == '[') {
                    steps.add(bracket());
                } else {
                    break;
                }
            }
            return steps;
        }

        private String name() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-' || s.charAt(i) > 127)) i++;
            if (i == start) throw new IllegalArgumentException("expected a key name at position " + i + " of " + Values.goQuote(s));
            return s.substring(start, i);
        }

        private Step bracket() {
            expect("[");
            skipSpaces();
            if (eat("?")) {
                expect("(");
                Expr e = or();
                expect(")");
                expect("]");
                return new Filter(e);
            }
            if (eat("*")) {
                expect("]");
                return new Wildcard();
            }
            List<Step> parts = new ArrayList<>();
            do {
                skipSpaces();
                char c = i < s.length() ? s.charAt(i) : 0;
                if (c == '\'' || c == '"') {
                    parts.add(new Key(quoted()));
                } else {
                    Integer a = optionalInt();
                    if (eat(":")) {
                        Integer b = optionalInt();
                        int step = 1;
                        if (eat(":")) {
                            Integer st = optionalInt();
                            step = st == null ? 1 : st;
                        }
                        parts.add(new Slice(a, b, step));
                    } else {
                        if (a == null) throw new IllegalArgumentException("unexpected " + Values.goQuote(s.substring(i)) + " in JSON path " + Values.goQuote(s));
                        parts.add(new Index(a));
                    }
                }
            } while (eat(","));
            expect("]");
            return parts.size() == 1 ? parts.get(0) : new Union(parts);
        }

        private Integer optionalInt() {
            skipSpaces();
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i == start || (i == start + 1 && s.charAt(start) == '-')) {
                i = start;
                return null;
            }
            return Integer.parseInt(s.substring(start, i));
        }

        private String quoted() {
            char q = s.charAt(i++);
            StringBuilder sb = new StringBuilder();
            while (i < s.length() && s.charAt(i) != q) {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) c = s.charAt(i++);
                sb.append(c);
            }
            if (i >= s.length()) throw new IllegalArgumentException("unterminated string in JSON path " + Values.goQuote(s));
            i++;
            return sb.toString();
        }

        private Expr or() {
            Expr left = and();
            while (eat("||")) {
                Expr l = left;
                Expr r = and();
                left = (c, root) -> truthy(l.eval(c, root)) || truthy(r.eval(c, root));
            }
            return left;
        }

        private Expr and() {
            Expr left = comparison();
            while (eat("&&")) {
                Expr l = left;
                Expr r = comparison();
                left = (c, root) -> truthy(l.eval(c, root)) && truthy(r.eval(c, root));
            }
            return left;
        }

        private Expr comparison() {
            Expr left = additive();
            for (String op : new String[]{"==", "!=", "<=", ">=", "=~", "<", ">"}) {
                if (eat(op)) {
                    Expr l = left;
                    Expr r = additive();
                    return switch (op) {
                        case "==" -> (c, root) -> Values.equal(l.eval(c, root), r.eval(c, root));
                        case "!=" -> (c, root) -> !Values.equal(l.eval(c, root), r.eval(c, root));
                        case "<=" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x <= 0);
                        case ">=" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x >= 0);
                        case "<" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x < 0);
                        case ">" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x > 0);
                        default -> {
                            Map<String, Regex> cache = new ConcurrentHashMap<>();
                            yield (c, root) -> {
                                Object a = l.eval(c, root);
                                Object b = r.eval(c, root);
                                return a instanceof String as && b instanceof String bs
                                        && cache.computeIfAbsent(bs, Regex::compile).find(as);
                            };
                        }
                    };
                }
            }
            return left;
        }

        private static boolean safeCompare(Object a, Object b, IntPredicate test) {
            if (a == null || b == null) return false;
            if (!(a instanceof Number && b instanceof Number) && !(a instanceof String && b instanceof String)) return false;
            return test.test(compare(a, b));
        }

        private Expr additive() {
            Expr left = unary();
            while (true) {
                skipSpaces();
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && !s.startsWith("->", i)) {
                    char op = s.charAt(i++);
                    Expr l = left;
                    Expr r = unary();
                    left = (c, root) -> arithmetic(op, l.eval(c, root), r.eval(c, root));
                } else if (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '/' || s.charAt(i) == '%')) {
                    char op = s.charAt(i++);
                    Expr l = left;
                    Expr r = unary();
                    left = (c, root) -> arithmetic(op, l.eval(c, root), r.eval(c, root));
                } else {
                    return left;
                }
            }
        }

        private static Object arithmetic(char op, Object a, Object b) {
            if (op == '+' && a instanceof String as) return as + Values.toText(b);
            if (!(a instanceof Number x) || !(b instanceof Number y)) return null;
            double l = x.doubleValue();
            double r = y.doubleValue();
            return switch (op) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> l / r;
                default -> l % r;
            };
        }

        private Expr unary() {
            if (eat("!")) {
                Expr e = unary();
                return (c, root) -> !truthy(e.eval(c, root));
            }
            return primary();
        }

        private Expr primary() {
            skipSpaces();
            if (i >= s.length()) throw new IllegalArgumentException("unexpected end of JSON path " + Values.goQuote(s));
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                Expr e = or();
                expect(")");
                return e;
            }
            if (c == '@' || c == '$') {
                i++;
                List<Step> steps = steps();
                JsonPath sub = new JsonPath(s, steps);
                boolean fromRoot = c == '$';
                return (cur, root) -> {
                    try {
                        return sub.evaluate(fromRoot ? root : cur);
                    } catch (QueryException missing) {
                        return null;
                    }
                };
            }
            if (c == '\'' || c == '"') {
                String lit = quoted();
                return (cur, root) -> lit;
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return (cur, root) -> true;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return (cur, root) -> false;
            }
            if (s.startsWith("null", i) || s.startsWith("nil", i)) {
                i += s.startsWith("null", i) ? 4 : 3;
                return (cur, root) -> null;
            }
            int start = i;
            if (c == '-') i++;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) i++;
            if (i == start) throw new IllegalArgumentException("unexpected " + Values.goQuote(s.substring(i)) + " in JSON path " + Values.goQuote(s));
            String num = s.substring(start, i);
            Object value = num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num) : (Object) Long.parseLong(num);
            return (cur, root) -> value;
        }
    }
}
