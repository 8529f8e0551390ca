package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.Query;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call, already checked against the spec and converted to the declared
 * {@link ParamType}s, with defaults filled in. Positional and named calls look the same here.
 */
public final class Args {
    private static final Object ABSENT = new Object();

    private final List<Param> params;
    private final Object[] values;

    private Args(List<Param> params, Object[] values) {
        this.params = params;
        this.values = values;
    }

    /** For the compiler: {@code values[i]} belongs to {@code params.get(i)}; {@code null} entries of optional parameters without a default are absent. */
    public static Args of(List<Param> params, Object[] values, boolean[] present) {
        Object[] v = values.clone();
        for (int i = 0; i < v.length && i < present.length; i++) {
            if (!present[i]) v[i] = ABSENT;
        }
        return new Args(params, v);
    }

    /** For variadic calls: the values in call order. */
    public static Args variadic(List<Object> values) {
        return new Args(List.of(), values.toArray());
    }

    /** An empty argument list. */
    public static Args none() {
        return new Args(List.of(), new Object[0]);
    }

    private int indexOf(String name) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(name)) return i;
        }
        throw new IllegalStateException("no parameter named " + name + " in " + params);
    }

    /** True when the argument was given or has a default. */
    public boolean has(String name) {
        return values[indexOf(name)] != ABSENT;
    }

    /** The argument as given (converted to its declared type); null when absent. */
    public Object get(String name) {
        Object v = values[indexOf(name)];
        return v == ABSENT ? null : v;
    }

    public String string(String name) {
        return (String) get(name);
    }

    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    public long int64(String name) {
        return (Long) get(name);
    }

    public double float64(String name) {
        return (Double) get(name);
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    public Timestamp timestamp(String name) {
        return (Timestamp) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Object> array(String name) {
        return (List<Object>) get(name);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String name) {
        return (Map<String, Object>) get(name);
    }

    public Query query(String name) {
        return (Query) get(name);
    }

    /** All values in parameter order (for variadic functions, in call order); absent ones are null. */
    public List<Object> all() {
        Object[] copy = Arrays.copyOf(values, values.length);
        for (int i = 0; i < copy.length; i++) if (copy[i] == ABSENT) copy[i] = null;
        return Arrays.asList(copy);
    }

    public int size() {
        return values.length;
    }
}
