package io.sluice.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a raw key into the id it is stored under. With {@code hash_keys} (the default) that is its SHA-256, so a
 * leaked storage dump does not leak usable keys; lookups by hash also make the key comparison independent of how
 * much of a guessed key is right.
 */
public final class KeyHasher {

    private final boolean hashKeys;

    public KeyHasher(boolean hashKeys) {
        this.hashKeys = hashKeys;
    }

    public boolean hashesKeys() {
        return hashKeys;
    }

    public String storageId(String rawKey) {
        return hashKeys ? sha256(rawKey) : rawKey;
    }

    public static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Compares secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
