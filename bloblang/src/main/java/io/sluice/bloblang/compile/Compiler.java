package io.sluice.bloblang.compile;

import io.sluice.bloblang.ast.Expr;
import io.sluice.bloblang.ast.Operator;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.parser.ParseError;
import io.sluice.bloblang.parser.Source;
import io.sluice.bloblang.query.ArrayQuery;
import io.sluice.bloblang.query.BinaryQuery;
import io.sluice.bloblang.query.CoalesceQuery;
import io.sluice.bloblang.query.IfQuery;
import io.sluice.bloblang.query.IndexQuery;
import io.sluice.bloblang.query.LambdaQuery;
import io.sluice.bloblang.query.LogicQuery;
import io.sluice.bloblang.query.MapInQuery;
import io.sluice.bloblang.query.MatchQuery;
import io.sluice.bloblang.query.MetadataQuery;
import io.sluice.bloblang.query.NotQuery;
import io.sluice.bloblang.query.ObjectQuery;
import io.sluice.bloblang.query.PathQuery;
import io.sluice.bloblang.query.SliceQuery;
import io.sluice.bloblang.query.VariableQuery;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Literal;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns expressions into executable {@link Query} trees, once per mapping: resolves functions and
 * methods in the {@link Library}, binds and checks their arguments, merges field paths and folds
 * constant sub-expressions. Errors are {@link ParseError}s at the offending position.
 */
public final class Compiler {
    private final Library library;
    private final Source source;
    private boolean usesMetadata;
    private Set<String> variableNames = Set.of();
    /** Hints for bare names that probably meant something else, keyed by the annotation of the field read. */
    private final Map<String, String> bareNameHints = new LinkedHashMap<>();

    public Compiler(Library library, Source source) {
        this.library = library;
        this.source = source;
    }

    /** Names declared with {@code let} anywhere in the mapping, to diagnose a forgotten {@code $}. */
    public void declareVariables(Set<String> names) {
        this.variableNames = names;
    }

    /**
     * Hints for errors involving a bare name that is also a variable or a function: a bare {@code x} reads
     * {@code this.x}, which is rarely what was meant when {@code $x} or {@code x()} exists.
     */
    public Map<String, String> bareNameHints() {
        return bareNameHints;
    }

    /** True once an expression reading {@code @} has been compiled. */
    public boolean usesMetadata() {
        return usesMetadata;
    }

    public Query compile(Expr e) {
        return switch (e) {
            case Expr.Literal l -> new Literal(l.value(), null);
            case Expr.This t -> PathQuery.ofThis();
            case Expr.Root r -> PathQuery.ofRoot();
            case Expr.NamedContext n -> PathQuery.ofNamed(n.name());
            case Expr.Field f -> field(f);
            case Expr.Variable v -> new VariableQuery(v.name());
            case Expr.Metadata m -> {
                usesMetadata = true;
                yield new MetadataQuery(m.key());
            }
            case Expr.ArrayLiteral a -> array(a);
            case Expr.ObjectLiteral o -> object(o);
            case Expr.FunctionCall c -> function(c);
            case Expr.MethodCall m -> method(m);
            case Expr.MapIn m -> new MapInQuery(compile(m.target()), compile(m.body()));
            case Expr.Index i -> new IndexQuery(compile(i.target()), compile(i.index()));
            case Expr.Slice s -> new SliceQuery(compile(s.target()), opt(s.start()), opt(s.end()), opt(s.step()));
            case Expr.Binary b -> binary(b);
            case Expr.Not n -> not(n);
            case Expr.Negate n -> fold(new BinaryQuery(Operator.SUB, new Literal(0L, null), compile(n.operand()), null), n.pos());
            case Expr.If i -> ifExpr(i);
            case Expr.Match m -> match(m);
            case Expr.Lambda l -> new LambdaQuery(l.parameter(), compile(l.body()));
        };
    }

    private Query opt(Expr e) {
        return e == null ? null : compile(e);
    }

    private Query field(Expr.Field f) {
        if (f.target() instanceof Expr.This t && t.pos() == f.pos()) noteBareName(f.name());
        Query target = compile(f.target());
        if (target instanceof PathQuery p) return p.then(f.name());
        return PathQuery.ofTarget(target, f.name());
    }

    private void noteBareName(String name) {
        String key = "field `this." + name + "`";
        if (variableNames.contains(name)) {
            bareNameHints.put(key, "a bare `" + name + "` reads this." + name + "; to read the variable write $" + name);
        } else if (library.function(name).isPresent()) {
            bareNameHints.put(key, "a bare `" + name + "` reads this." + name + "; to call the function write " + name + "()");
        }
    }

    // ---- literals ------------------------------------------------------------------------------

    private Query array(Expr.ArrayLiteral a) {
        List<Query> items = new ArrayList<>();
        boolean constant = true;
        for (Expr item : a.items()) {
            Query q = compile(item);
            constant &= q.isConstant();
            items.add(q);
        }
        ArrayQuery query = new ArrayQuery(items);
        if (!constant) return query;
        return new Literal(Collections.unmodifiableList((List<?>) query.exec(null)), null);
    }

    private Query object(Expr.ObjectLiteral o) {
        List<String> staticKeys = new ArrayList<>();
        List<Query> keys = new ArrayList<>();
        List<Query> values = new ArrayList<>();
        boolean constant = true;
        for (Expr.ObjectLiteral.Entry entry : o.entries()) {
            Query k = compile(entry.key());
            if (k.isConstant()) {
                Object kv = k.exec(null);
                if (!(kv instanceof String s)) {
                    throw new ParseError(entry.key().pos(), "object keys must be strings, received: " + Values.typeName(kv));
                }
                staticKeys.add(s);
                keys.add(null);
            } else {
                staticKeys.add(null);
                keys.add(k);
                constant = false;
            }
            Query v = compile(entry.value());
            constant &= v.isConstant();
            values.add(v);
        }
        ObjectQuery query = new ObjectQuery(staticKeys, keys, values);
        if (!constant) return query;
        return new Literal(Collections.unmodifiableMap((Map<?, ?>) query.exec(null)), null);
    }

    // ---- operators -----------------------------------------------------------------------------

    private Query binary(Expr.Binary b) {
        Query l = compile(b.left());
        Query r = compile(b.right());
        return switch (b.op()) {
            case AND -> new LogicQuery(true, l, r);
            case OR -> new LogicQuery(false, l, r);
            case COALESCE -> new CoalesceQuery(l, r);
            default -> fold(new BinaryQuery(b.op(), l, r, dashHint(b)), b.pos());
        };
    }

    /** {@code this.foo-bar} parses as a subtraction; if it fails, suggest quoting the field name. */
    private String dashHint(Expr.Binary b) {
        if (b.op() != Operator.SUB || !b.tight()) return null;
        if (!(b.right() instanceof Expr.Field rf) || !(rf.target() instanceof Expr.This)) return null;
        if (!(b.left() instanceof Expr.Field lf)) return null;
        String name = lf.name() + "-" + rf.name();
        String prefix = lf.target() instanceof Expr.This ? "this" : "...";
        return "if `" + name + "` is a field name, quote it: " + prefix + ".\"" + name + "\"";
    }

    /** Evaluates an operator on two constants at compile time. */
    private Query fold(BinaryQuery bq, int pos) {
        if (bq.operandsConstant()) {
            try {
                return new Literal(bq.exec(null), null);
            } catch (QueryException e) {
                throw new ParseError(pos, e.getMessage());
            }
        }
        return bq;
    }

    private Query not(Expr.Not n) {
        Query q = compile(n.operand());
        NotQuery nq = new NotQuery(q);
        if (q.isConstant() && q.exec(null) instanceof Boolean) return new Literal(nq.exec(null), null);
        return nq;
    }

    // ---- control flow --------------------------------------------------------------------------

    private Query ifExpr(Expr.If i) {
        List<Query> conditions = new ArrayList<>();
        List<Query> values = new ArrayList<>();
        for (Expr.If.Branch br : i.branches()) {
            conditions.add(compile(br.condition()));
            values.add(compile(br.value()));
        }
        return new IfQuery(conditions, values, opt(i.otherwise()));
    }

    private Query match(Expr.Match m) {
        Query subject = opt(m.subject());
        List<MatchQuery.Case> cases = new ArrayList<>();
        for (Expr.Match.Case c : m.cases()) {
            Query value = compile(c.value());
            if (c.pattern() == null) {
                cases.add(new MatchQuery.Case(false, null, null, value));
                continue;
            }
            Query pattern = compile(c.pattern());
            if (pattern.isConstant()) cases.add(new MatchQuery.Case(true, pattern.exec(null), null, value));
            else cases.add(new MatchQuery.Case(false, null, pattern, value));
        }
        return new MatchQuery(subject, cases);
    }

    // ---- calls ---------------------------------------------------------------------------------

    private List<BoundArgs.Written> args(List<Expr.Arg> args) {
        List<BoundArgs.Written> out = new ArrayList<>();
        for (Expr.Arg a : args) out.add(new BoundArgs.Written(a.name(), compile(a.value())));
        return out;
    }

    private Query function(Expr.FunctionCall c) {
        library.refusal(c.name()).ifPresent(reason -> {
            throw new ParseError(c.pos(), reason);
        });
        Library.FunctionEntry entry = library.function(c.name()).orElseThrow(() ->
                new ParseError(c.pos(), "unrecognised function '" + c.name() + "'", unknownFunctionHint(c.name())));
        List<BoundArgs.Written> written = args(c.args());
        BoundArgs bound = bind(entry.spec().params(), entry.spec().isVariadic(), written, c.pos(), "function " + c.name());
        String annotation = "function " + c.name();
        if (bound.isDynamic()) {
            return new DynamicCall(annotation, bound, a -> entry.factory().create(a));
        }
        return instantiate(c.pos(), () -> entry.factory().create(bound.constant()));
    }

    private Query method(Expr.MethodCall m) {
        Query target = compile(m.target());
        Library.MethodEntry entry = library.method(m.name()).orElseThrow(() ->
                new ParseError(m.pos(), "unrecognised method '" + m.name() + "'", unknownMethodHint(m.name())));
        List<BoundArgs.Written> written = args(m.args());
        BoundArgs bound = bind(entry.spec().params(), entry.spec().isVariadic(), written, m.pos(), "method " + m.name());
        if (bound.isDynamic()) {
            return new DynamicCall("method " + m.name(), bound, a -> entry.factory().create(target, a));
        }
        Query q = instantiate(m.pos(), () -> entry.factory().create(target, bound.constant()));
        // A method on a constant is itself constant when the result does not depend on the message.
        boolean constantArgs = written.stream().allMatch(w -> w.value().isConstant());
        if (target.isConstant() && constantArgs && !entry.spec().isImpure() && !(q instanceof Literal) && pureByName(m.name())) {
            try {
                Object v = q.exec(ExecContext.forValue(null, Map.of()));
                if (!(v instanceof Marker)) return new Literal(freeze(v), null);
            } catch (RuntimeException e) {
                // leave it to run time: the error will carry the message's context
            }
        }
        return q;
    }

    /** Methods whose result only depends on their target and arguments (safe to fold on constants). */
    private static boolean pureByName(String name) {
        return switch (name) {
            case "apply", "from", "from_all", "catch", "or", "bloblang", "map_each", "filter", "fold", "sort_by",
                    "all", "any", "find_by", "find_all_by", "map_each_key", "exists" -> false;
            default -> true;
        };
    }

    private static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) return Collections.unmodifiableMap(m);
        if (v instanceof List<?> l) return Collections.unmodifiableList(l);
        return v;
    }

    private BoundArgs bind(List<Param> params, boolean variadic, List<BoundArgs.Written> written, int pos, String what) {
        try {
            return BoundArgs.bind(params, variadic, written);
        } catch (IllegalArgumentException | QueryException e) {
            throw new ParseError(pos, what + ": " + e.getMessage());
        }
    }

    private Query instantiate(int pos, Supplier<Query> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | QueryException e) {
            throw new ParseError(pos, e.getMessage());
        } catch (RuntimeException e) {
            // A defect in library code: report it where the call is rather than crash the caller.
            throw new ParseError(pos, "internal error while preparing this call: " + e);
        }
    }

    // ---- hints ---------------------------------------------------------------------------------

    private String unknownFunctionHint(String name) {
        if (library.method(name).isPresent()) {
            return "`" + name + "` is a method, call it on a value: this.value." + name + "(...)";
        }
        return suggest(name, library.functions().stream().map(e -> e.spec().name()).toList(), "function");
    }

    private String unknownMethodHint(String name) {
        if (library.function(name).isPresent()) {
            return "`" + name + "` is a function, not a method: call it on its own, " + name + "(...)";
        }
        return suggest(name, library.methods().stream().map(e -> e.spec().name()).toList(), "method");
    }

    private static String suggest(String name, List<String> candidates, String kind) {
        List<String> close = new ArrayList<>();
        for (String c : candidates) {
            if (distance(name, c) <= Math.max(1, Math.min(2, name.length() / 3))) close.add(c);
        }
        if (close.isEmpty()) return null;
        close.sort(Comparator.comparingInt(c -> distance(name, c)));
        return "did you mean the " + kind + " `" + close.get(0) + "`?";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public Source source() {
        return source;
    }
}
