package io.sluice.core.component;

/**
 * A host's say over when a stream's input may run, handed to the stream through {@link ComponentContext#services()}.
 * The gateway of a cluster uses it to run an input that has no consumer group (a {@code generate}, an
 * {@code http_client} poll) on one node at a time. The stream builder wraps the stream's input with it; without one
 * the input runs as built.
 */
@FunctionalInterface
public interface InputGate {

    /** The input the stream runs: usually one that delegates to {@code input} while the host allows it. */
    Input wrap(Input input);
}
