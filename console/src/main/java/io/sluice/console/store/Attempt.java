package io.sluice.console.store;

/** One try of a delivery, as the delivery log shows it: the subscriber's HTTP status (0: no answer) or the error. */
public record Attempt(String deliveryId, int attempt, long at, int statusCode, String error, long durationMillis) {
}
