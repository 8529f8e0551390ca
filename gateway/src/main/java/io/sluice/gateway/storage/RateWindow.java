package io.sluice.gateway.storage;

/**
 * Outcome of counting one hit in a sliding window.
 *
 * @param resetEpochMillis when the oldest counted hit leaves the window, i.e. when one more hit fits again
 */
public record RateWindow(boolean allowed, long limit, long remaining, long resetEpochMillis) {
}
