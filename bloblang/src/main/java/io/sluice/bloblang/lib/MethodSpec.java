package io.sluice.bloblang.lib;

import java.util.List;

/**
 * The documentation and signature of a method such as {@code .uppercase()}; built like a
 * {@link FunctionSpec}.
 */
public record MethodSpec(String name, Category category, String description, List<Param> params,
                         boolean isVariadic, Status status, boolean isImpure, List<Example> examples)
        implements CallableSpec<MethodSpec> {

    public MethodSpec {
        params = List.copyOf(params);
        examples = List.copyOf(examples);
    }

    public static MethodSpec of(String name, Category category, String description) {
        return new MethodSpec(name, category, description, List.of(), false, Status.STABLE, false, List.of());
    }

    @Override
    public MethodSpec rebuilt(List<Param> params, boolean isVariadic, Status status, boolean isImpure, List<Example> examples) {
        return new MethodSpec(name, category, description, params, isVariadic, status, isImpure, examples);
    }
}
