package io.sluice.core.component;

/**
 * Tells the source of a batch how its journey ended: {@code null} when the output accepted it,
 * an error when it was finally rejected. Called exactly once per transaction.
 */
@FunctionalInterface
public interface AckHandle {
    void done(Throwable errorOrNull);

    AckHandle NOOP = err -> { };
}
