package io.sluice.gateway.storage;

/**
 * Outcome of counting up to a number of hits in a sliding window at once (see {@link LimitCounters#hitUpTo}).
 *
 * @param granted          how many of the hits asked for fitted and were counted (0 when none did)
 * @param remaining        how many more would fit now
 * @param resetEpochMillis when the oldest counted hit leaves the window, i.e. when one more hit fits again
 */
public record RateGrant(long granted, long remaining, long resetEpochMillis) {
}
