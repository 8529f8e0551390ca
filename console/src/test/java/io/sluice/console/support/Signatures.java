package io.sluice.console.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The receiver's side of the signature scheme, written from the documentation (not with the console's own class):
 * HMAC-SHA256 over "timestamp.body", hex after "v1=", timestamp within five minutes.
 */
public final class Signatures {

    private Signatures() {
    }

    public static boolean verify(String secret, String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        try {
            if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(3)));
        } catch (Exception e) {
            return false;
        }
    }
}
