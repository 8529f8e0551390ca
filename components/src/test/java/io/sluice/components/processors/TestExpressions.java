package io.sluice.components.processors;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Bloblang in these tests, so that processor behaviour is specified independently of
 * the language module (written concurrently). It understands a small, explicit subset, one statement a
 * line: {@code root = E}, {@code root.a.b = E}, {@code meta k = E}, {@code meta = E}, or a bare
 * {@code E} (a query); E is {@code if C { E } else { E }}, {@code A == B}, {@code A != B}, {@code !A},
 * or an operand: {@code this}, {@code this.a.b}, {@code @k}, {@code @}, {@code meta("k")},
 * {@code metadata("k")}, {@code metadata()}, {@code content()}, {@code error()}, {@code errored()},
 * {@code batch_index()}, {@code deleted()}, {@code throw("m")}, a string, number, bool, null or
 * {@code {}}. Anything else fails to parse, so a test cannot silently rely on more. Tests can also
 * {@link #define} a mapping by its exact source.
 */
final class TestExpressions implements ExpressionLanguage {
    private static final Object DELETED = new Object();
    private static final Object NOTHING = new Object();

    private final Map<String, Mapping> defined = new HashMap<>();

    /** Makes {@code source} compile to {@code mapping}. */
    TestExpressions define(String source, Mapping mapping) {
        defined.put(source.strip(), mapping);
        return this;
    }

    @Override
    public Mapping parseMapping(String source) throws ExpressionParseException {
        Mapping m = defined.get(source.strip());
        if (m != null) return m;
        List<Statement> statements = new ArrayList<>();
        for (String line : source.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            statements.add(Statement.parse(t));
        }
        return new SimpleMapping(statements);
    }

    @Override
    public Interpolation parseInterpolation(String source) throws ExpressionParseException {
        List<Object> pieces = new ArrayList<>();   // String literal text or Expr
        int at = 0;
        while (true) {
            int open = source.indexOf("${!", at);
            if (open < 0) {
                pieces.add(source.substring(at));
                break;
            }
            int close = source.indexOf('}', open);
            if (close < 0) throw unsupported(source);
            pieces.add(source.substring(at, open));
            pieces.add(Expr.parse(source.substring(open + 3, close).strip()));
            at = close + 1;
        }
        return new Interpolation() {
            @Override
            public String render(Batch batch, int index) {
                StringBuilder sb = new StringBuilder();
                for (Object p : pieces) {
                    if (p instanceof String s) {
                        sb.append(s);
                        continue;
                    }
                    try {
                        Object v = ((Expr) p).eval(new Scope(batch, index, batch.get(index).metadata()));
                        sb.append(v == null || v == NOTHING ? "null" : Structured.toText(v));
                    } catch (MappingException | RuntimeException e) {
                        sb.append("null");
                    }
                }
                return sb.toString();
            }

            @Override
            public boolean isStatic() {
                return false;
            }
        };
    }

    static ExpressionParseException unsupported(String text) {
        return new ExpressionParseException(1, 1, "not supported by the test expressions: " + text,
                "not supported by the test expressions: " + text);
    }

    // ---- evaluation ----

    private static final class Scope {
        final Batch batch;
        final int index;
        final Map<String, Object> newMeta;
        Object root = NOTHING;

        Scope(Batch batch, int index, Map<String, Object> newMeta) {
            this.batch = batch;
            this.index = index;
            this.newMeta = newMeta;
        }

        Part part() {
            return batch.get(index);
        }

        Object document() throws MappingException {
            try {
                return part().structured();
            } catch (MessageParseException e) {
                throw new MappingException(e.getMessage(), e);
            }
        }
    }

    private record SimpleMapping(List<Statement> statements) implements Mapping {
        private Scope run(Batch batch, int index) throws MappingException {
            Scope s = new Scope(batch, index, new LinkedHashMap<>(batch.get(index).metadata()));
            for (Statement st : statements) st.exec(s);
            return s;
        }

        @Override
        public Part map(Batch batch, int index) throws MappingException {
            Scope s = run(batch, index);
            if (s.root == DELETED) return null;
            Part out = batch.get(index).copy();
            out.clearError();
            out.setMetadata(s.newMeta);
            if (s.root instanceof String text) out.setText(text);
            else if (s.root != NOTHING) out.setStructured(Structured.deepCopy(s.root));
            return out;
        }

        @Override
        public boolean mutate(Batch batch, int index) throws MappingException {
            Part mapped = map(batch, index);
            if (mapped == null) return false;
            Part target = batch.get(index);
            target.setMetadata(mapped.metadata());
            target.setBytes(mapped.bytes());
            return true;
        }

        @Override
        public Object query(Batch batch, int index) throws MappingException {
            Object v = run(batch, index).root;
            return v == NOTHING ? null : v;
        }
    }

    private record Statement(String kind, List<String> path, Expr expr) {
        private static final Pattern ROOT = Pattern.compile("^root((?:\\.[A-Za-z0-9_]+)*)\\s*=(?!=)\\s*(.+)$");
        private static final Pattern META_ALL = Pattern.compile("^meta\\s*=(?!=)\\s*(.+)$");
        private static final Pattern META_KEY = Pattern.compile("^meta\\s+([A-Za-z0-9_]+)\\s*=(?!=)\\s*(.+)$");

        static Statement parse(String line) throws ExpressionParseException {
            Matcher m;
            if ((m = META_ALL.matcher(line)).matches()) return new Statement("meta_all", List.of(), Expr.parse(m.group(1)));
            if ((m = META_KEY.matcher(line)).matches()) return new Statement("meta", List.of(m.group(1)), Expr.parse(m.group(2)));
            if ((m = ROOT.matcher(line)).matches()) {
                List<String> path = m.group(1).isEmpty() ? List.of() : List.of(m.group(1).substring(1).split("\\."));
                return new Statement("root", path, Expr.parse(m.group(2)));
            }
            return new Statement("root", List.of(), Expr.parse(line));
        }

        @SuppressWarnings("unchecked")
        void exec(Scope s) throws MappingException {
            Object v = expr.eval(s);
            if (v == NOTHING) return;
            switch (kind) {
                case "meta_all" -> {
                    s.newMeta.clear();
                    if (v instanceof Map<?, ?> m) s.newMeta.putAll((Map<String, Object>) m);
                }
                case "meta" -> {
                    if (v == DELETED || v == null) s.newMeta.remove(path.get(0));
                    else s.newMeta.put(path.get(0), v);
                }
                default -> {
                    if (path.isEmpty()) {
                        s.root = v;
                        return;
                    }
                    if (!(s.root instanceof Map<?, ?>)) s.root = new LinkedHashMap<String, Object>();
                    Map<String, Object> m = (Map<String, Object>) s.root;
                    for (int i = 0; i < path.size() - 1; i++) {
                        Object next = m.get(path.get(i));
                        if (!(next instanceof Map<?, ?>)) {
                            next = new LinkedHashMap<String, Object>();
                            m.put(path.get(i), next);
                        }
                        m = (Map<String, Object>) next;
                    }
                    if (v == DELETED) m.remove(path.get(path.size() - 1));
                    else m.put(path.get(path.size() - 1), Structured.deepCopy(v));
                }
            }
        }
    }

    @FunctionalInterface
    private interface Expr {
        Object eval(Scope s) throws MappingException;

        Pattern IF = Pattern.compile("^if\\s+(.+?)\\s*\\{\\s*(.+?)\\s*\\}(?:\\s*else\\s*\\{\\s*(.+?)\\s*\\})?$");
        Pattern COMPARE = Pattern.compile("^(.+?)\\s*(==|!=)\\s*(.+)$");
        Pattern THIS = Pattern.compile("^this((?:\\.[A-Za-z0-9_]+)*)$");
        Pattern META_FN = Pattern.compile("^(?:meta|metadata)\\(\\s*(?:\"([^\"]*)\")?\\s*\\)$");
        Pattern AT = Pattern.compile("^@([A-Za-z0-9_]*)$");
        Pattern THROW = Pattern.compile("^throw\\(\"([^\"]*)\"\\)$");
        Pattern STRING = Pattern.compile("^\"((?:[^\"\\\\]|\\\\.)*)\"$");
        Pattern NUMBER = Pattern.compile("^-?\\d+(?:\\.\\d+)?$");

        static Expr parse(String text) throws ExpressionParseException {
            String t = text.strip();
            Matcher m;
            if ((m = IF.matcher(t)).matches()) {
                Expr cond = parse(m.group(1));
                Expr then = parse(m.group(2));
                Expr otherwise = m.group(3) == null ? null : parse(m.group(3));
                return s -> Boolean.TRUE.equals(cond.eval(s)) ? then.eval(s) : otherwise == null ? NOTHING : otherwise.eval(s);
            }
            if (!t.startsWith("\"") && (m = COMPARE.matcher(t)).matches()) {
                Expr left = parse(m.group(1));
                Expr right = parse(m.group(3));
                boolean equal = m.group(2).equals("==");
                return s -> equal == same(left.eval(s), right.eval(s));
            }
            if (t.startsWith("!")) {
                Expr inner = parse(t.substring(1));
                return s -> !Boolean.TRUE.equals(inner.eval(s));
            }
            switch (t) {
                case "this": return Scope::document;
                case "deleted()": return s -> DELETED;
                case "content()", "content().string()": return s -> s.part().text();
                case "error()": return s -> s.part().errorMessage();
                case "errored()": return s -> s.part().hasError();
                case "batch_index()": return s -> (long) s.index;
                case "batch_size()": return s -> (long) s.batch.size();
                case "true": return s -> true;
                case "false": return s -> false;
                case "null": return s -> null;
                case "{}": return s -> new LinkedHashMap<String, Object>();
                default: break;
            }
            if ((m = THIS.matcher(t)).matches()) {
                String[] path = m.group(1).substring(1).split("\\.");
                return s -> {
                    Object v = s.document();
                    for (String k : path) v = v instanceof Map<?, ?> map ? map.get(k) : null;
                    return v;
                };
            }
            if ((m = META_FN.matcher(t)).matches()) {
                String key = m.group(1);
                return s -> key == null ? new LinkedHashMap<>(s.part().metadata()) : s.part().meta(key);
            }
            if ((m = AT.matcher(t)).matches()) {
                String key = m.group(1);
                return s -> key.isEmpty() ? new LinkedHashMap<>(s.newMeta) : s.newMeta.get(key);
            }
            if ((m = THROW.matcher(t)).matches()) {
                String message = m.group(1);
                return s -> {
                    throw new MappingException(message);
                };
            }
            if ((m = STRING.matcher(t)).matches()) {
                String value = m.group(1).replace("\\\"", "\"");
                return s -> value;
            }
            if (NUMBER.matcher(t).matches()) {
                Object n = t.contains(".") ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
                return s -> n;
            }
            throw unsupported(t);
        }

        private static boolean same(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
            return a == null ? b == null : a.equals(b);
        }
    }
}
