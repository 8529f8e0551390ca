package io.sluice.bloblang.lib;

/** Prepares a {@link ValueMethod} from the method's arguments; same call rules as {@link FunctionFactory}. */
@FunctionalInterface
public interface ValueMethodFactory {
    ValueMethod create(Args args);
}
