package io.sluice.gateway.session;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash functions Tyk stores keys under ({@code hash_key_function}), producing the same lower-case hex: MurmurHash3
 * with seed 0, its digest written big-endian (x86_32; the first half of x64_128 for {@code murmur64}; both halves for
 * {@code murmur128}), or SHA-256.
 */
public enum KeyHashFunction {
    MURMUR32("murmur32"),
    MURMUR64("murmur64"),
    MURMUR128("murmur128"),
    SHA256("sha256");

    private final String configName;

    KeyHashFunction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The function of a {@code hash_key_function} value or of a token's {@code "h"}; empty when unknown. */
    public static Optional<KeyHashFunction> named(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (KeyHashFunction function : values()) {
            if (function.configName.equals(wanted)) {
                return Optional.of(function);
            }
        }
        return Optional.empty();
    }

    public String hex(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return switch (this) {
            case MURMUR32 -> String.format("%08x", MurmurHash3.hash32x86(bytes));
            case MURMUR64 -> String.format("%016x", MurmurHash3.hash128x64(bytes)[0]);
            case MURMUR128 -> {
                long[] halves = MurmurHash3.hash128x64(bytes);
                yield String.format("%016x%016x", halves[0], halves[1]);
            }
            case SHA256 -> sha256(bytes);
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
