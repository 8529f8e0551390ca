package io.sluice.gateway.streamapi;

import java.util.Locale;

/**
 * What a key's rate limit and quota count on a stream API ({@code x-tyk-streaming.limits}).
 */
public enum LimitsMode {
    /**
     * Each message counts: delivered to a consumer (WebSocket, SSE, GET) or received from a WebSocket publisher; a POST
     * into an input is one message. Opening a consumer connection is checked (key, access, quota left) but not counted.
     * A message over the rate limit is skipped for that consumer; once the quota is used up the connection closes.
     */
    MESSAGES,
    /** Each request counts, as on a REST API: one unit per connection or POST; messages flow without further counting. */
    CONNECTIONS;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LimitsMode parse(String value) {
        for (LimitsMode mode : values()) {
            if (mode.configName().equals(value)) {
                return mode;
            }
        }
        return null;
    }
}
