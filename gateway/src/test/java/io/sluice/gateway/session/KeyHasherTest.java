package io.sluice.gateway.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys stored the way Tyk stores them. Vectors: the MurmurHash3 values are the reference table of the Go murmur3
 * library Tyk's hashing is built on (seed 0; digests written big-endian as hex, 64-bit = first half of x64_128); the
 * key formats and which hash a key is stored under follow Tyk's storage package (GenerateToken, TokenHashAlgo,
 * TokenOrg, HashStr) and its session lookup (a key of another org is looked up as a key name of the API's org).
 */
class KeyHasherTest {

    @Test
    void murmurDigestsMatchTheReferenceVectors() {
        assertThat(KeyHashFunction.MURMUR32.hex("")).isEqualTo("00000000");
        assertThat(KeyHashFunction.MURMUR32.hex("hello")).isEqualTo("248bfa47");
        assertThat(KeyHashFunction.MURMUR32.hex("hello, world")).isEqualTo("149bbb7f");
        assertThat(KeyHashFunction.MURMUR32.hex("19 Jan 2038 at 3:14:07 AM")).isEqualTo("e31e8a70");
        assertThat(KeyHashFunction.MURMUR64.hex("hello")).isEqualTo("cbd8a7b341bd9b02");
        assertThat(KeyHashFunction.MURMUR64.hex("The quick brown fox jumps over the lazy dog.")).isEqualTo("cd99481f9ee902c9");
        assertThat(KeyHashFunction.MURMUR128.hex("hello, world")).isEqualTo("342fac623a5ebc8e4cdcbc079642414d");
        assertThat(KeyHashFunction.MURMUR128.hex("19 Jan 2038 at 3:14:07 AM")).isEqualTo("b89e5988b737affc664fc2950231b2cb");
        assertThat(KeyHashFunction.SHA256.hex("hello"))
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    @Test
    void keysMadeWithAHashFunctionAreBase64JsonNamingIt() {
        String token = TykToken.generate("test_org", "test_key", KeyHashFunction.MURMUR64);
        assertThat(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8))
                .isEqualTo("{\"org\":\"test_org\",\"id\":\"test_key\",\"h\":\"murmur64\"}");
        assertThat(token).startsWith("ey");
        assertThat(TykToken.hashFunctionOf(token)).isEqualTo(KeyHashFunction.MURMUR64);
        assertThat(TykToken.orgOf(token)).isEqualTo("test_org");
        // a key id that already carries the org is not prefixed twice
        assertThat(TykToken.generate("test_org", "test_orgtest_key", KeyHashFunction.MURMUR64)).isEqualTo(token);
    }

    @Test
    void legacyKeysAreOrgPlusIdAndStoredUnderMurmur32() {
        String org = "5e9d9544a1dcd60001d0ed20"; // a 24-character object id, as Tyk's orgs have
        String legacy = TykToken.generate(org, "e2a5a2ba1b5e4d2c9d0c3c7c6a1b2c3d", null);
        assertThat(legacy).isEqualTo(org + "e2a5a2ba1b5e4d2c9d0c3c7c6a1b2c3d");
        assertThat(TykToken.orgOf(legacy)).isEqualTo(org);
        assertThat(TykToken.hashFunctionOf(legacy)).isEqualTo(KeyHashFunction.MURMUR32);
        KeyHasher hasher = new KeyHasher(true, "sha256", List.of());
        assertThat(hasher.storageId(legacy)).isEqualTo(KeyHashFunction.MURMUR32.hex(legacy)).hasSize(8);
        // "ey..." that is not base64 JSON is a legacy key too
        assertThat(TykToken.hashFunctionOf("eyinvalid_base64")).isEqualTo(KeyHashFunction.MURMUR32);
        assertThat(TykToken.hashFunctionOf("test_orgtest_key")).isEqualTo(KeyHashFunction.MURMUR32);
    }

    @Test
    void aKeyIsStoredUnderTheFunctionItNamesWhateverTheGatewaySetting() {
        String sha = TykToken.generate("", "abc", KeyHashFunction.SHA256);
        String murmur = TykToken.generate("", "abc", KeyHashFunction.MURMUR128);
        KeyHasher murmurGateway = new KeyHasher(true, "murmur64", List.of());
        assertThat(murmurGateway.storageId(sha)).isEqualTo(KeyHashFunction.SHA256.hex(sha));
        assertThat(murmurGateway.storageId(murmur)).isEqualTo(KeyHashFunction.MURMUR128.hex(murmur));
        assertThat(new KeyHasher(false, "sha256", List.of()).storageId(sha)).isEqualTo(sha);
    }

    @Test
    void aKeyNameIsLookedUpInTheApiOrgsFormThenAsIsThenInFallbackForms() {
        KeyHasher hasher = new KeyHasher(true, "murmur64", List.of("sha256"));
        String org = "5e9d9544a1dcd60001d0ed20";
        List<String> ids = hasher.lookupIds("alice", org);
        assertThat(ids).containsExactly(
                KeyHashFunction.MURMUR64.hex(TykToken.generate(org, "alice", KeyHashFunction.MURMUR64)),
                KeyHashFunction.MURMUR32.hex("alice"),
                KeyHashFunction.SHA256.hex(TykToken.generate(org, "alice", KeyHashFunction.SHA256)));
        // a key of the API's own org is looked up as itself first
        String own = hasher.newKey(org);
        assertThat(hasher.lookupIds(own, org).getFirst()).isEqualTo(hasher.storageId(own));
        // with no org (Tyk's open source setup) a short name is found in its key form too
        assertThat(hasher.lookupIds("alice", "")).containsExactly(KeyHashFunction.MURMUR32.hex("alice"),
                KeyHashFunction.MURMUR64.hex(TykToken.generate("", "alice", KeyHashFunction.MURMUR64)),
                KeyHashFunction.SHA256.hex(TykToken.generate("", "alice", KeyHashFunction.SHA256)));
    }

    @Test
    void legacyKeyGenerationWhenNoFunctionIsSet() {
        KeyHasher legacy = new KeyHasher(true, "", List.of());
        String key = legacy.newKey("org1");
        assertThat(key).startsWith("org1").hasSize(4 + 32);
        assertThat(legacy.storageId(key)).isEqualTo(KeyHashFunction.MURMUR32.hex(key));
    }

    @Test
    void anUnknownFunctionIsAConfigurationError() {
        assertThatThrownBy(() -> new KeyHasher(true, "md5", List.of()))
                .hasMessageContaining("hash_key_function: 'md5'");
        assertThatThrownBy(() -> new KeyHasher(true, "sha256", List.of("crc")))
                .hasMessageContaining("hash_key_function_fallback: 'crc'");
    }
}
