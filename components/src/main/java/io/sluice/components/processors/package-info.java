/**
 * The processors that need no external client: flow control ({@code switch}, {@code while},
 * {@code for_each}, {@code parallel}, {@code branch}, {@code workflow}), error handling
 * ({@code catch}, {@code try}), batch shaping ({@code split}, {@code select_parts},
 * {@code insert_part}, {@code bounds_check}, {@code group_by}, {@code group_by_value}), resources
 * ({@code cache}, {@code cached}, {@code dedupe}, {@code rate_limit}) and utilities ({@code log},
 * {@code sleep}, {@code noop}). One class per processor, each holding its spec and factory;
 * {@link io.sluice.components.processors.ProcessorComponents} registers them.
 *
 * <p>Error model: a processor that fails on a message flags it ({@code Part.setError}) and passes it
 * on; {@code catch} runs only on flagged messages and clears the flags, {@code try} stops at a
 * message's first failure. Composite processors are shared by pipeline threads, so they keep all
 * per-batch state on the stack.
 */
package io.sluice.components.processors;
