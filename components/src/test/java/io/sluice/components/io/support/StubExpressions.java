package io.sluice.components.io.support;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test double for the mapping language, used only while the real Bloblang module is absent from
 * the class path (the engine cannot build any stream without a language). It understands a small
 * subset of Bloblang, so tests written against it also pass on the real thing:
 * {@code root = <expr>}, {@code meta <key> = <expr>}, and expressions made of string, number,
 * boolean and JSON literals, {@code content()}, {@code this}, {@code this.a.b}, {@code meta("k")},
 * {@code count("name")}, joined by at most one {@code ==} or {@code !=}.
 */
public final class StubExpressions implements ExpressionLanguage {
    private static final String SERVICE = "META-INF/services/" + ExpressionLanguage.class.getName();
    private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();
    private static boolean installed;

    /** Makes sure the engine finds a language: the real one when present, else this stub. */
    public static synchronized void ensureInstalled() {
        if (installed) return;
        installed = true;
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        boolean real;
        try {
            real = ServiceLoader.load(ExpressionLanguage.class, parent).findFirst().isPresent();
        } catch (Throwable t) {
            real = false;
        }
        if (real) {
            ExpressionLanguage.get();
            return;
        }
        try {
            Path f = Files.createTempFile("sluice-stub-language", ".txt");
            Files.writeString(f, StubExpressions.class.getName() + "\n");
            f.toFile().deleteOnExit();
            URL url = f.toUri().toURL();
            ClassLoader withStub = new ClassLoader(parent) {
                @Override
                public Enumeration<URL> getResources(String name) throws IOException {
                    Enumeration<URL> base = super.getResources(name);
                    if (!name.equals(SERVICE)) return base;
                    List<URL> all = Collections.list(base);
                    all.add(url);
                    return Collections.enumeration(all);
                }
            };
            Thread.currentThread().setContextClassLoader(withStub);
            ExpressionLanguage.get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            Thread.currentThread().setContextClassLoader(parent);
        }
    }

    /** True when tests run on this stub rather than the real Bloblang. */
    public static boolean active() {
        ensureInstalled();
        return ExpressionLanguage.get() instanceof StubExpressions;
    }

    // ---- the language ----

    private interface Expr {
        Object eval(Batch batch, int index) throws MappingException;
    }

    @Override
    public Mapping parseMapping(String source) throws ExpressionParseException {
        List<String[]> assignments = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        int line = 0;
        for (String raw : source.split("\n")) {
            line++;
            String l = raw.trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = findAssign(l);
            String target;
            String value;
            if (eq < 0) {
                target = "root";
                value = l; // a bare query, as in check fields
            } else {
                target = l.substring(0, eq).trim();
                value = l.substring(eq + 1).trim();
            }
            if (!target.equals("root") && !target.startsWith("meta ")) {
                throw new ExpressionParseException(line, 1, "the test language only assigns root or meta", "unsupported target " + target);
            }
            assignments.add(new String[]{target});
            exprs.add(parseExpr(value, line));
        }
        return new Mapping() {
            @Override
            public Part map(Batch batch, int index) throws MappingException {
                Part out = new Part(new byte[0]);
                Part in = batch.get(index);
                out.setMetadata(in.metadata());
                boolean rootSet = false;
                for (int i = 0; i < exprs.size(); i++) {
                    Object v = exprs.get(i).eval(batch, index);
                    String target = assignments.get(i)[0];
                    if (target.equals("root")) {
                        rootSet = true;
                        if (v instanceof String s) out.setText(s);
                        else out.setStructured(Structured.deepCopy(v));
                    } else {
                        out.setMeta(target.substring(5).trim(), v);
                    }
                }
                if (!rootSet) out.setBytes(in.bytes().clone());
                return out;
            }

            @Override
            public boolean mutate(Batch batch, int index) throws MappingException {
                Part p = map(batch, index);
                Part in = batch.get(index);
                in.setBytes(p.bytes());
                in.setMetadata(p.metadata());
                return true;
            }

            @Override
            public Object query(Batch batch, int index) throws MappingException {
                Object v = null;
                for (int i = 0; i < exprs.size(); i++) {
                    if (assignments.get(i)[0].equals("root")) v = exprs.get(i).eval(batch, index);
                }
                return v;
            }
        };
    }

    @Override
    public Interpolation parseInterpolation(String source) throws ExpressionParseException {
        List<Object> pieces = new ArrayList<>(); // String or Expr
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("${!", i);
            if (open < 0) {
                pieces.add(source.substring(i));
                break;
            }
            pieces.add(source.substring(i, open));
            int close = source.indexOf('}', open);
            if (close < 0) throw new ExpressionParseException(1, open + 1, "unterminated interpolation", "unterminated interpolation");
            pieces.add(parseExpr(source.substring(open + 3, close).trim(), 1));
            i = close + 1;
        }
        boolean dynamic = pieces.stream().anyMatch(p -> p instanceof Expr);
        return new Interpolation() {
            @Override
            public String render(Batch batch, int index) {
                StringBuilder sb = new StringBuilder();
                for (Object p : pieces) {
                    if (p instanceof String s) sb.append(s);
                    else {
                        try {
                            sb.append(Structured.toText(((Expr) p).eval(batch, index)));
                        } catch (MappingException e) {
                            sb.append("null");
                        }
                    }
                }
                return sb.toString();
            }

            @Override
            public boolean isStatic() {
                return !dynamic;
            }
        };
    }

    private static int findAssign(String l) {
        boolean inString = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '"') inString = !inString;
            if (inString || c != '=') continue;
            boolean prevOp = i > 0 && (l.charAt(i - 1) == '=' || l.charAt(i - 1) == '!');
            boolean nextEq = i + 1 < l.length() && l.charAt(i + 1) == '=';
            if (!prevOp && !nextEq) return i;
            if (nextEq) i++;
        }
        return -1;
    }

    private Expr parseExpr(String text, int line) throws ExpressionParseException {
        String t = text.trim();
        int op = operator(t);
        if (op >= 0) {
            boolean equal = t.charAt(op) == '=';
            Expr left = parsePrimary(t.substring(0, op).trim(), line);
            Expr right = parsePrimary(t.substring(op + 2).trim(), line);
            return (b, i) -> {
                boolean same = Objects.equals(normalise(left.eval(b, i)), normalise(right.eval(b, i)));
                return equal == same;
            };
        }
        return parsePrimary(t, line);
    }

    private static Object normalise(Object v) {
        if (v instanceof Number n && !(v instanceof Double)) return n.doubleValue();
        return v;
    }

    private static int operator(String t) {
        boolean inString = false;
        for (int i = 0; i + 1 < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"') inString = !inString;
            if (!inString && (c == '=' || c == '!') && t.charAt(i + 1) == '=') return i;
        }
        return -1;
    }

    private Expr parsePrimary(String t, int line) throws ExpressionParseException {
        if (t.equals("content()")) return (b, i) -> b.get(i).text();
        if (t.equals("this")) return (b, i) -> structured(b, i);
        if (t.startsWith("this.")) {
            String[] path = t.substring(5).split("\\.");
            return (b, i) -> {
                Object v = structured(b, i);
                for (String k : path) v = v instanceof Map<?, ?> m ? m.get(k) : null;
                return v;
            };
        }
        if (t.startsWith("meta(\"") && t.endsWith("\")")) {
            String key = t.substring(6, t.length() - 2);
            return (b, i) -> b.get(i).meta(key);
        }
        if (t.startsWith("count(\"") && t.endsWith("\")")) {
            String key = t.substring(7, t.length() - 2);
            return (b, i) -> COUNTERS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
        try {
            Object literal = Structured.parseJson(t);
            return (b, i) -> Structured.deepCopy(literal);
        } catch (RuntimeException e) {
            throw new ExpressionParseException(line, 1, "the test language cannot read '" + t + "'", "cannot parse " + t);
        }
    }

    private static Object structured(Batch b, int i) throws MappingException {
        try {
            return b.get(i).structured();
        } catch (RuntimeException e) {
            throw new MappingException(e.getMessage(), e);
        }
    }
}
