package io.sluice.gateway.storage;

/**
 * State of a quota counter after consuming from it (or just looking at it).
 *
 * @param renewsEpochSeconds when the counter starts again from zero; 0 when it never renews
 */
public record QuotaUsage(boolean allowed, long max, long remaining, long renewsEpochSeconds) {
}
