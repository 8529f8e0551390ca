package io.sluice.console.store;

import java.util.Locale;

/**
 * One event for one subscription. {@link Status#PENDING} deliveries are due at {@code nextAttemptAt};
 * {@link Status#DEAD} ones form the subscription's dead-letter list until they are replayed.
 */
public record Delivery(String id, String subscriptionId, String eventId, String eventType, Status status, int attempts,
                       long nextAttemptAt, String lastError, long createdAt, long updatedAt) {

    public enum Status {
        PENDING, DELIVERED, DEAD;

        String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromStored(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }
}
