package io.sluice.bloblang.lib;

import java.util.List;

/**
 * The documentation and signature of a function such as {@code uuid_v4()}. Built fluently:
 * <pre>{@code
 * FunctionSpec.of("range", Category.GENERAL, "Builds an array of integers from `start` up to ...")
 *     .param(Param.int64("start", "The first number of the array."))
 *     .param(Param.int64("step", "The distance from one number to the next.").withDefault(1L))
 *     .example(Example.of("", "root.a = range(0, 3)", "{}", "{\"a\":[0,1,2]}"))
 * }</pre>
 *
 * @param isVariadic any number of unnamed arguments, of any type (then {@code params} is empty)
 * @param isImpure   the result depends on more than the arguments (time, randomness, environment)
 */
public record FunctionSpec(String name, Category category, String description, List<Param> params,
                           boolean isVariadic, Status status, boolean isImpure, List<Example> examples)
        implements CallableSpec<FunctionSpec> {

    public FunctionSpec {
        params = List.copyOf(params);
        examples = List.copyOf(examples);
    }

    public static FunctionSpec of(String name, Category category, String description) {
        return new FunctionSpec(name, category, description, List.of(), false, Status.STABLE, false, List.of());
    }

    @Override
    public FunctionSpec rebuilt(List<Param> params, boolean isVariadic, Status status, boolean isImpure, List<Example> examples) {
        return new FunctionSpec(name, category, description, params, isVariadic, status, isImpure, examples);
    }
}
