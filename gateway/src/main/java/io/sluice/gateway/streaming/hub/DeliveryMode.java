package io.sluice.gateway.streaming.hub;

import java.util.Locale;

/** How a hub shares messages between its subscribers. */
public enum DeliveryMode {
    /** Every subscriber receives every message (the default of Sluice's stream outputs). */
    BROADCAST,
    /** Subscribers compete: each message goes to exactly one of them (a work queue). */
    SHARED;

    public static DeliveryMode parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
