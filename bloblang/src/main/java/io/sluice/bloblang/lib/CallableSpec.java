package io.sluice.bloblang.lib;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link FunctionSpec} and {@link MethodSpec} share: the documented signature and the fluent
 * builder steps. Each step returns a new spec of the same kind, so the two records only say how to
 * rebuild themselves.
 *
 * @param <S> the kind of spec the builder steps return
 */
public sealed interface CallableSpec<S extends CallableSpec<S>> permits FunctionSpec, MethodSpec {

    String name();

    Category category();

    String description();

    List<Param> params();

    /** Any number of unnamed arguments, of any type (then {@link #params()} is empty). */
    boolean isVariadic();

    Status status();

    /** The result depends on more than the arguments (time, randomness, environment). */
    boolean isImpure();

    List<Example> examples();

    /** This spec with the same name, category and description and the given rest. */
    S rebuilt(List<Param> params, boolean isVariadic, Status status, boolean isImpure, List<Example> examples);

    default S param(Param p) {
        List<Param> ps = new ArrayList<>(params());
        ps.add(p);
        return rebuilt(ps, isVariadic(), status(), isImpure(), examples());
    }

    default S variadic() {
        return rebuilt(params(), true, status(), isImpure(), examples());
    }

    default S status(Status s) {
        return rebuilt(params(), isVariadic(), s, isImpure(), examples());
    }

    default S impure() {
        return rebuilt(params(), isVariadic(), status(), true, examples());
    }

    default S example(Example e) {
        List<Example> es = new ArrayList<>(examples());
        es.add(e);
        return rebuilt(params(), isVariadic(), status(), isImpure(), es);
    }
}
