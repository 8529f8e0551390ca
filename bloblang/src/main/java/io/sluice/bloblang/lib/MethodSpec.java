package io.sluice.bloblang.lib;

import java.util.ArrayList;
import java.util.List;

/**
 * The documentation and signature of a method such as {@code .uppercase()}; same shape as
 * {@link FunctionSpec}.
 */
public record MethodSpec(String name, Category category, String description, List<Param> params,
                         boolean isVariadic, Status status, boolean isImpure, List<Example> examples) {

    public MethodSpec {
        params = List.copyOf(params);
        examples = List.copyOf(examples);
    }

    public static MethodSpec of(String name, Category category, String description) {
        return new MethodSpec(name, category, description, List.of(), false, Status.STABLE, false, List.of());
    }

    public MethodSpec param(Param p) {
        List<Param> ps = new ArrayList<>(params);
        ps.add(p);
        return new MethodSpec(name, category, description, ps, isVariadic, status, isImpure, examples);
    }

    public MethodSpec variadic() {
        return new MethodSpec(name, category, description, params, true, status, isImpure, examples);
    }

    public MethodSpec status(Status s) {
        return new MethodSpec(name, category, description, params, isVariadic, s, isImpure, examples);
    }

    public MethodSpec impure() {
        return new MethodSpec(name, category, description, params, isVariadic, status, true, examples);
    }

    public MethodSpec example(Example e) {
        List<Example> es = new ArrayList<>(examples);
        es.add(e);
        return new MethodSpec(name, category, description, params, isVariadic, status, isImpure, es);
    }
}
