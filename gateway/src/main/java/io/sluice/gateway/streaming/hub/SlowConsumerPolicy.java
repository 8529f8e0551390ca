package io.sluice.gateway.streaming.hub;

import java.util.Locale;

/** What a broadcast hub does with a subscriber that falls more than its buffer behind the newest message. */
public enum SlowConsumerPolicy {
    /** Skip the subscriber's oldest undelivered messages so it keeps up; counted in {@link Subscription#dropped()}. */
    DROP_OLDEST,
    /** End the subscription; the edge closes the connection (WebSocket 1008, SSE {@code event: error}). */
    DISCONNECT;

    public static SlowConsumerPolicy parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
