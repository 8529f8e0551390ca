package io.sluice.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RedisRequirement;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sluice and Tyk on one Redis: keys written the way Tyk's gateway writes them (its key formats, stored under
 * {@code apikey-<hash>} with the hash its key names, or MurmurHash3 32-bit for a legacy key) are found by Sluice, by
 * the key and by the key's name (in the form of {@code hash_key_function}, then of {@code hash_key_function_fallback},
 * as Tyk looks names up); keys Sluice creates land where Tyk looks for them. The expected hashes are worked
 * out here from the key text, independently of the gateway's code.
 */
class TykRedisInteropTest {

    private static final String ORG = "5e9d9544a1dcd60001d0ed20";

    @TempDir
    Path apps;

    @Test
    void keysWrittenByTykAreFoundAndKeysMadeHereAreWhereTykLooks() throws Exception {
        RedisRequirement.check();
        String prefix = "sluice-tyk-interop-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisClient client = RedisClient.create("redis://" + RedisRequirement.HOST + ":" + RedisRequirement.PORT);
        try (StatefulRedisConnection<String, String> connection = client.connect();
             TestUpstream upstream = new TestUpstream()) {
            RedisCommands<String, String> redis = connection.sync();
            ApiDocs api = ApiDocs.keyless("orders", "/orders/", upstream.url()).authToken();
            api.ext().withObjectProperty("info").put("orgId", ORG);

            // As Tyk stores them: a custom key made with hash_key_function murmur64, and a legacy generated key.
            String customToken = base64("{\"org\":\"" + ORG + "\",\"id\":\"partner-key\",\"h\":\"murmur64\"}");
            String legacyKey = ORG + "0f3c8a7e41b24d6f9a1d2c3b4e5f6a7b";
            String session = "{\"allowance\": 100, \"rate\": 100, \"per\": 1, \"expires\": 0, \"quota_max\": -1,"
                    + " \"org_id\": \"" + ORG + "\", \"access_rights\": {\"orders\": {\"api_id\": \"orders\", \"api_name\": \"orders\","
                    + " \"versions\": [\"Default\"]}}, \"meta_data\": {}, \"tags\": []}";
            redis.set(prefix + "apikey-" + String.format("%016x", MurmurHash3.hash128x64(bytes(customToken))[0]), session);
            redis.set(prefix + "apikey-" + String.format("%08x", MurmurHash3.hash32x86(bytes(legacyKey))), session);

            StorageConfig storage = StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT).withKeyPrefix(prefix);
            try (RunningGateway gateway = RunningGateway.start(apps, c -> c.withStorage(storage)
                    .withHashKeyFunction("sha256", List.of("murmur64")), api)) {
                var first = gateway.get("/orders/x", "Authorization", customToken);
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                assertThat(gateway.get("/orders/x", "Authorization", "partner-key").statusCode()).isEqualTo(200);
                assertThat(gateway.get("/orders/x", "Authorization", legacyKey).statusCode()).isEqualTo(200);
                assertThat(gateway.get("/orders/x", "Authorization", "not-a-key").statusCode()).isEqualTo(403);

                // Made here: Tyk finds it under the hash its format names (sha256 here), with Tyk's session fields.
                JsonNode created = Json.read(gateway.admin("POST", "/tyk/keys", "{\"org_id\": \"" + ORG + "\", \"rate\": 5, \"per\": 1,"
                        + " \"access_rights\": {\"orders\": {\"api_id\": \"orders\"}}}").body());
                String token = created.path("key").asText();
                JsonNode format = Json.read(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
                assertThat(format.path("org").asText()).isEqualTo(ORG);
                assertThat(format.path("h").asText()).isEqualTo("sha256");
                String expectedHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(token)));
                assertThat(created.path("key_hash").asText()).isEqualTo(expectedHash);
                JsonNode stored = Json.read(redis.get(prefix + "apikey-" + expectedHash));
                assertThat(stored.path("access_rights").path("orders").path("api_id").asText()).isEqualTo("orders");
                assertThat(stored.path("rate").asDouble()).isEqualTo(5);
                assertThat(gateway.get("/orders/x", "Authorization", token).statusCode()).isEqualTo(200);

                // A custom key name made here is stored in the org's form, so Tyk finds it by its name too.
                String customHere = Json.read(gateway.admin("POST", "/tyk/keys/mobile-app", "{\"org_id\": \"" + ORG + "\","
                        + " \"access_rights\": {\"orders\": {\"api_id\": \"orders\"}}}").body()).path("key").asText();
                assertThat(customHere).isEqualTo(base64("{\"org\":\"" + ORG + "\",\"id\":\"mobile-app\",\"h\":\"sha256\"}"));
                assertThat(gateway.get("/orders/x", "Authorization", "mobile-app").statusCode()).isEqualTo(200);
            }
        } finally {
            client.shutdown();
        }
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
