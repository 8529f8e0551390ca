package io.sluice.bloblang.compile;

import io.sluice.bloblang.lib.Args;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.ParamType;
import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Literal;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call site matched to the parameters of its spec. Literal arguments are
 * converted once; computed ones are evaluated and converted per execution by {@link #resolve}.
 */
final class BoundArgs {
    private final List<Param> params;
    private final boolean variadic;
    /** Per parameter (or per variadic argument): the query producing it, or null when absent. */
    private final Query[] sources;
    private final boolean[] present;
    private final Object[] constants;
    private final boolean dynamic;

    BoundArgs(List<Param> params, boolean variadic, Query[] sources, boolean[] present) {
        this.params = params;
        this.variadic = variadic;
        this.sources = sources;
        this.present = present;
        this.constants = new Object[sources.length];
        boolean dyn = false;
        for (int i = 0; i < sources.length; i++) {
            Param p = variadic ? null : params.get(i);
            if (!present[i]) {
                if (p != null && p.hasDefault()) constants[i] = p.defaultValue();
                continue;
            }
            if (p != null && p.type() == ParamType.QUERY) {
                constants[i] = sources[i];
                continue;
            }
            if (sources[i].isConstant()) {
                Object v = sources[i].exec(null);
                constants[i] = variadic ? v : convert(p, v, "field " + p.name() + ": ");
            } else {
                if (p != null && p.mustBeLiteral()) {
                    throw new IllegalArgumentException("param " + p.name() + " must not be dynamic");
                }
                dyn = true;
            }
        }
        this.dynamic = dyn;
        if (!variadic) {
            for (int i = 0; i < present.length; i++) {
                if (!present[i] && params.get(i).hasDefault()) present[i] = true;
            }
        }
    }

    boolean isDynamic() {
        return dynamic;
    }

    /** The arguments when none is computed. */
    Args constant() {
        return build(constants);
    }

    /** Evaluates computed arguments against {@code ctx}. */
    Args resolve(ExecContext ctx) {
        Object[] values = constants.clone();
        for (int i = 0; i < sources.length; i++) {
            if (!present[i] || sources[i] == null) continue;
            Param p = variadic ? null : params.get(i);
            if (p != null && p.type() == ParamType.QUERY) continue;
            if (sources[i].isConstant()) continue;
            String name = p == null ? Integer.toString(i) : p.name();
            try {
                Object v = sources[i].exec(ctx);
                values[i] = p == null ? v : convert(p, v, "");
            } catch (QueryException e) {
                throw e.prefixed("failed to extract input arg '" + name + "': ");
            }
        }
        return build(values);
    }

    private Args build(Object[] values) {
        if (variadic) return Args.variadic(Arrays.asList(values));
        return Args.of(params, values, present);
    }

    /** Converts an argument to the declared parameter type, with the original's error texts. */
    static Object convert(Param p, Object v, String prefix) {
        try {
            return switch (p.type()) {
                case STRING -> {
                    if (v instanceof String) yield v;
                    if (v instanceof byte[] b) yield new String(b, StandardCharsets.UTF_8);
                    throw wrongType(p, v);
                }
                case INT -> Values.asLong(v);
                case FLOAT -> Values.asDouble(v);
                case BOOL -> Values.asBool(v);
                case TIMESTAMP -> {
                    Timestamp t = Values.asTimestamp(v);
                    yield t;
                }
                case ARRAY -> {
                    if (v instanceof List) yield v;
                    throw wrongType(p, v);
                }
                case OBJECT -> {
                    if (v instanceof Map) yield v;
                    throw wrongType(p, v);
                }
                case QUERY -> v instanceof Query ? v : new Literal(v, null);
                case ANY -> v;
            };
        } catch (QueryException e) {
            if (prefix.isEmpty()) throw e;
            throw new QueryException(prefix + e.getMessage(), true, e);
        }
    }

    private static QueryException wrongType(Param p, Object v) {
        return new QueryException("wrong argument type, expected " + p.type().typeName() + ", got " + Values.typeName(v));
    }

    /** Arguments as written at a call site: name (null when positional) and compiled value. */
    record Written(String name, Query value) {
    }

    /** Matches written arguments to parameters; throws {@link IllegalArgumentException} with the original's messages. */
    static BoundArgs bind(List<Param> params, boolean variadic, List<Written> args) {
        boolean named = false;
        boolean positional = false;
        for (Written w : args) {
            if (w.name() != null) named = true;
            else positional = true;
        }
        if (named && positional) throw new IllegalArgumentException("cannot mix named and nameless arguments");
        if (variadic) {
            if (named) throw new IllegalArgumentException("named arguments are not supported");
            Query[] src = new Query[args.size()];
            boolean[] present = new boolean[args.size()];
            for (int i = 0; i < src.length; i++) {
                src[i] = args.get(i).value();
                present[i] = true;
            }
            return new BoundArgs(params, true, src, present);
        }
        Query[] src = new Query[params.size()];
        boolean[] present = new boolean[params.size()];
        if (named) {
            List<String> unknown = new ArrayList<>();
            for (Written w : args) {
                int idx = indexOf(params, w.name());
                if (idx < 0) {
                    unknown.add(w.name());
                    continue;
                }
                if (present[idx]) throw new IllegalArgumentException("duplicate named arg: " + w.name());
                src[idx] = w.value();
                present[idx] = true;
            }
            List<String> missing = missing(params, present);
            if (!unknown.isEmpty()) {
                unknown.sort(null);
                String options = missing.size() == 1 ? ", did you mean " + missing.get(0) + "?"
                        : missing.size() > 1 ? ", expected " + String.join(", ", missing) : "";
                throw new IllegalArgumentException((unknown.size() == 1 ? "unknown parameter " : "unknown parameters ")
                        + String.join(", ", unknown) + options);
            }
            throwMissing(missing);
        } else {
            if (args.size() > params.size()) {
                throw new IllegalArgumentException("wrong number of arguments, expected " + params.size() + ", got " + args.size());
            }
            for (int i = 0; i < args.size(); i++) {
                src[i] = args.get(i).value();
                present[i] = true;
            }
            throwMissing(missing(params, present));
        }
        return new BoundArgs(params, false, src, present);
    }

    private static int indexOf(List<Param> params, String name) {
        for (int i = 0; i < params.size(); i++) if (params.get(i).name().equals(name)) return i;
        return -1;
    }

    private static List<String> missing(List<Param> params, boolean[] present) {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (!present[i] && !p.hasDefault() && !p.isOptional()) m.add(p.name());
        }
        return m;
    }

    private static void throwMissing(List<String> missing) {
        if (missing.size() == 1) throw new IllegalArgumentException("missing parameter: " + missing.get(0));
        if (missing.size() > 1) throw new IllegalArgumentException("missing parameters: " + String.join(", ", missing));
    }
}
