package io.sluice.gateway.middleware;

/** Passes the exchange to the next step; a step calls it at most once, possibly later (after a storage call). */
@FunctionalInterface
public interface Continuation {
    void proceed();
}
