package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The developer portal for API consumers, served by the gateway process when the {@code console} module is on the
 * class path. It shares the dashboard's database ({@code dashboard.database_url}).
 *
 * @param listenAddress         interface to bind (loopback by default)
 * @param listenPort            3001 by default; 0 turns the portal off. This is the {@code portal_url} of
 *                              {@code portal_webhook} outputs
 * @param apiSecret             the secret {@code portal_webhook} outputs sign the events they hand to the portal with;
 *                              empty: generated once, kept in the database and printed at start
 * @param webhookAllow          subscriber addresses allowed besides public ones: empty (none), {@code loopback},
 *                              {@code private}, or both comma separated. Anything else is refused (SSRF)
 * @param webhookMaxAttempts    attempts per delivery before it goes to the subscription's dead-letter list
 * @param webhookRetrySeconds   backoff before the second attempt; it doubles per attempt, with jitter
 * @param webhookRetryMaxSeconds the longest backoff between two attempts
 * @param webhookTimeoutSeconds how long a subscriber may take to answer one delivery
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortalConfig(
        @JsonProperty("listen_address") String listenAddress,
        @JsonProperty("listen_port") int listenPort,
        @JsonProperty("api_secret") String apiSecret,
        @JsonProperty("webhook_allow") String webhookAllow,
        @JsonProperty("webhook_max_attempts") int webhookMaxAttempts,
        @JsonProperty("webhook_retry_seconds") double webhookRetrySeconds,
        @JsonProperty("webhook_retry_max_seconds") double webhookRetryMaxSeconds,
        @JsonProperty("webhook_timeout_seconds") double webhookTimeoutSeconds) {

    public static PortalConfig defaults() {
        return new PortalConfig("127.0.0.1", 3001, "", "", 8, 1, 3600, 10);
    }

    public PortalConfig withListenPort(int port) {
        return new PortalConfig(listenAddress, port, apiSecret, webhookAllow, webhookMaxAttempts, webhookRetrySeconds,
                webhookRetryMaxSeconds, webhookTimeoutSeconds);
    }

    public PortalConfig withWebhooks(String allow, int maxAttempts, double retrySeconds, double retryMaxSeconds, double timeoutSeconds) {
        return new PortalConfig(listenAddress, listenPort, apiSecret, allow, maxAttempts, retrySeconds, retryMaxSeconds, timeoutSeconds);
    }

    public PortalConfig withApiSecret(String secret) {
        return new PortalConfig(listenAddress, listenPort, secret, webhookAllow, webhookMaxAttempts, webhookRetrySeconds,
                webhookRetryMaxSeconds, webhookTimeoutSeconds);
    }
}
