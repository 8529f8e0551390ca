package io.sluice.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where keys are stored, the way Tyk stores them, so Tyk and Sluice share one Redis in both directions.
 * <ul>
 *   <li>With {@code hash_keys} (the default) a key is stored under the hex hash named by the key itself (its base64
 *       JSON form's {@code "h"}), MurmurHash3 32-bit for a legacy key; without, under the key as is.</li>
 *   <li>Keys made here take the {@code hash_key_function} form (base64 JSON naming that function), or the legacy
 *       form (org id + key id) when it is empty.</li>
 *   <li>A presented key is also looked up as a key <em>name</em> of the API's org (a custom key, a basic-auth user,
 *       a JWT identity), also in the {@code hash_key_function_fallback} forms; first when it is not a key of that
 *       org, as Tyk does, else after the key itself (the only lookup when the key exists).</li>
 * </ul>
 * Lookups by hash also make the key comparison independent of how much of a guessed key is right.
 */
public final class KeyHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean hashKeys;
    private final KeyHashFunction function;          // null: legacy keys
    private final List<KeyHashFunction> fallbacks;

    /**
     * @param hashKeyFunction {@code murmur32}, {@code murmur64}, {@code murmur128}, {@code sha256}, or empty for legacy keys
     * @param fallbacks       functions keys may have been made with before, tried after the current one
     * @throws IllegalArgumentException naming the setting when a function is unknown
     */
    public KeyHasher(boolean hashKeys, String hashKeyFunction, List<String> fallbacks) {
        this.hashKeys = hashKeys;
        this.function = hashKeyFunction == null || hashKeyFunction.isBlank() ? null : known(hashKeyFunction, "hash_key_function");
        List<KeyHashFunction> list = new ArrayList<>();
        for (String name : fallbacks == null ? List.<String>of() : fallbacks) {
            list.add(known(name, "hash_key_function_fallback"));
        }
        this.fallbacks = List.copyOf(list);
    }

    private static KeyHashFunction known(String name, String setting) {
        return KeyHashFunction.named(name).orElseThrow(() -> new IllegalArgumentException(setting + ": '" + name
                + "' is not a key hash function; use murmur32, murmur64, murmur128 or sha256"));
    }

    public boolean hashesKeys() {
        return hashKeys;
    }

    /** The id a key, in its stored form, lives under. */
    public String storageId(String token) {
        return hashKeys ? TykToken.hashFunctionOf(token).hex(token) : token;
    }

    /** The stored form of a key named by its creator or derived from an identity (custom key, user name, JWT subject). */
    public String token(String orgId, String keyName) {
        return TykToken.generate(orgId, keyName, function);
    }

    /** A new random key of {@code orgId}. */
    public String newKey(String orgId) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return token(orgId, HexFormat.of().formatHex(random));
    }

    /** The ids a credential presented to an API of {@code orgId} may be stored under, most likely first, no repeats. */
    public List<String> lookupIds(String presented, String orgId) {
        String org = orgId == null ? "" : orgId;
        Set<String> tokens = new LinkedHashSet<>();
        // A key of the API's org is most likely itself; anything else most likely a name (custom key, user, identity).
        boolean ownKey = TykToken.orgOf(presented).equals(org);
        if (ownKey) {
            tokens.add(presented);
        }
        tokens.add(token(org, presented));
        tokens.add(presented);
        for (KeyHashFunction fallback : fallbacks) {
            tokens.add(TykToken.generate(org, presented, fallback));
        }
        Set<String> ids = new LinkedHashSet<>();
        tokens.forEach(t -> ids.add(storageId(t)));
        return List.copyOf(ids);
    }

    public static String sha256(String value) {
        return KeyHashFunction.SHA256.hex(value);
    }

    /** Compares secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
