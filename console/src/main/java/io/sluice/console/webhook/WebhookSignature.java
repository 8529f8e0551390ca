package io.sluice.console.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * How Sluice signs webhook requests, both from a {@code portal_webhook} output to the portal and from the portal to
 * subscribers:
 * <pre>
 *   Sluice-Webhook-Timestamp: 1767225600                       (Unix seconds when this attempt was sent)
 *   Sluice-Webhook-Signature: v1=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;
 *   Sluice-Webhook-Id:        dlv_...                          (the same for every attempt of a delivery)
 *   Sluice-Webhook-Event:     the event type
 * </pre>
 * A receiver recomputes the HMAC over the raw body, compares in constant time, refuses timestamps more than
 * {@link #REPLAY_WINDOW} away from its clock, and drops ids it has seen (deliveries are at least once). Each attempt is
 * signed when it is sent, so retries never fall outside the window.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "Sluice-Webhook-Timestamp";
    public static final String SIGNATURE_HEADER = "Sluice-Webhook-Signature";
    public static final String ID_HEADER = "Sluice-Webhook-Id";
    public static final String EVENT_HEADER = "Sluice-Webhook-Event";
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The signature header's value for {@code body} sent at {@code timestampSeconds}. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return "v1=" + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    /**
     * True when one of the header's {@code v1=} signatures matches and the timestamp is within the replay window of
     * {@code nowSeconds}.
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body, long nowSeconds) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > REPLAY_WINDOW.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body);
        boolean matched = false;
        for (String part : signatureHeader.split(",")) {
            String candidate = part.trim();
            if (!candidate.startsWith("v1=")) {
                continue;
            }
            try {
                // keep comparing after a match: the time taken does not tell which signature matched
                matched |= MessageDigest.isEqual(expected, HexFormat.of().parseHex(candidate.substring(3)));
            } catch (IllegalArgumentException ignored) {
                // not hex: not a match
            }
        }
        return matched;
    }

    private static byte[] hmac(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
