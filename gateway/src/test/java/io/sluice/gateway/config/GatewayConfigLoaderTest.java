package io.sluice.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutFile() {
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of());
        assertThat(config.listenPort()).isEqualTo(8080);
        assertThat(config.appPath()).isEqualTo("./apps");
        assertThat(config.storage().type()).isEqualTo("memory");
        assertThat(config.hashKeys()).isTrue();
    }

    @Test
    void fileUsesTykKeyNamesAndEnvironmentOverrides() throws Exception {
        Path file = dir.resolve("tyk.conf");
        Files.writeString(file, """
                {"listen_port": 9000, "secret": "s", "app_path": "/tmp/apps",
                 "policies": {"policy_path": "/tmp/policies"},
                 "storage": {"type": "redis", "host": "redis.local", "port": 6380},
                 "streaming": {"enabled": true}, "hash_keys": false, "unknown_tyk_setting": 1}""");
        GatewayConfig config = GatewayConfigLoader.load(file, Map.of(
                "SLUICE_GW_LISTEN_PORT", "9100",
                "TYK_GW_LISTENPORT", "9200",
                "TYK_GW_STORAGE_HOST", "other.local",
                "SLUICE_GW_POLICIES_POLICY_PATH", "/etc/policies",
                "TYK_GW_HASHKEYS", "true"));
        assertThat(config.listenPort()).isEqualTo(9100);
        assertThat(config.storage().host()).isEqualTo("other.local");
        assertThat(config.storage().port()).isEqualTo(6380);
        assertThat(config.policies().policyPath()).isEqualTo("/etc/policies");
        assertThat(config.streaming().enabled()).isTrue();
        assertThat(config.hashKeys()).isTrue();
        assertThat(config.secret()).isEqualTo("s");
    }

    @Test
    void tlsHashingAndUnsafeComponentsFromTheEnvironment() {
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of(
                "TYK_GW_HTTPSERVEROPTIONS_USESSL", "true",
                "SLUICE_GW_HTTP_SERVER_OPTIONS_CERTIFICATES", "[{\"domain_name\": \"*.example.com\", \"cert_file\": \"/c.pem\", \"key_file\": \"/k.pem\"}]",
                "SLUICE_GW_HTTP_SERVER_OPTIONS_SSL_CIPHERS", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TYK_GW_HASHKEYFUNCTION", "murmur64",
                "SLUICE_GW_HASH_KEY_FUNCTION_FALLBACK", "murmur32, sha256",
                "SLUICE_GW_STREAMING_ALLOW_UNSAFE", "file,stdin"));
        assertThat(config.httpServerOptions().useSsl()).isTrue();
        assertThat(config.httpServerOptions().certificates()).containsExactly(
                new HttpServerOptionsConfig.CertificateFiles("*.example.com", "/c.pem", "/k.pem"));
        assertThat(config.httpServerOptions().sslCiphers()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(config.httpServerOptions().minVersion()).isEqualTo(771);
        assertThat(config.hashKeyFunction()).isEqualTo("murmur64");
        assertThat(config.hashKeyFunctionFallback()).containsExactly("murmur32", "sha256");
        assertThat(config.streaming().allowUnsafe()).containsExactly("file", "stdin");
    }

    @Test
    void badValuesNameTheirSource() throws Exception {
        assertThatThrownBy(() -> GatewayConfigLoader.load(null, Map.of("SLUICE_GW_LISTEN_PORT", "eighty")))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("SLUICE_GW_LISTEN_PORT");
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "{\"listen_port\": ");
        assertThatThrownBy(() -> GatewayConfigLoader.load(broken, Map.of()))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("broken.conf");
        Path wrongType = dir.resolve("wrong.conf");
        Files.writeString(wrongType, "{\"storage\": {\"port\": \"many\"}}");
        assertThatThrownBy(() -> GatewayConfigLoader.load(wrongType, Map.of()))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("storage.port");
    }

    @Test
    void theStreamHubFollowsTheStorageUnlessSetAndIsCheckedAgainstIt() {
        assertThat(GatewayConfigLoader.load(null, Map.of()).streaming().hubType(StorageConfig.memory())).isEqualTo("memory");
        GatewayConfig redis = GatewayConfigLoader.load(null, Map.of("SLUICE_GW_STORAGE_TYPE", "redis"));
        assertThat(redis.streaming().hubType(redis.storage())).isEqualTo("redis");
        GatewayConfig memoryHub = GatewayConfigLoader.load(null, Map.of("SLUICE_GW_STORAGE_TYPE", "redis", "SLUICE_GW_STREAMING_HUB", "memory",
                "SLUICE_GW_STREAMING_LEASE_TTL", "5", "SLUICE_GW_STREAMING_REDIS_LOST_AFTER", "1.5"));
        assertThat(memoryHub.streaming().hubType(memoryHub.storage())).isEqualTo("memory");
        assertThat(memoryHub.streaming().leaseTtlDuration()).hasSeconds(5);
        assertThat(memoryHub.streaming().redisLostAfterDuration()).hasMillis(1500);
        GatewayConfig noRedis = GatewayConfigLoader.load(null, Map.of("SLUICE_GW_STREAMING_HUB", "redis"));
        assertThatThrownBy(() -> noRedis.streaming().hubType(noRedis.storage())).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("streaming.hub: redis needs storage.type redis");
        GatewayConfig typo = GatewayConfigLoader.load(null, Map.of("SLUICE_GW_STREAMING_HUB", "redsi"));
        assertThatThrownBy(() -> typo.streaming().hubType(typo.storage())).hasMessageContaining("must be memory or redis, got 'redsi'");
    }

    @Test
    void unknownKeysInTheFileAndTheEnvironmentAreReportedWithASuggestion() throws Exception {
        Path file = dir.resolve("gateway.json");
        Files.writeString(file, """
                {"listen_prot": 9000, "storage": {"type": "memory", "hots": "x"}, "secret": "s"}""");
        GatewayConfigLoader.Loaded loaded = GatewayConfigLoader.loadChecked(file, Map.of(
                "SLUICE_GW_SECRETT", "x", "SLUICE_GW_LISTEN_PORT", "9001", "TYK_GW_SOMETHING_TYK_HAS", "1"));
        assertThat(loaded.unknownKeys()).containsExactly(
                file + ": unknown key 'listen_prot' (ignored), did you mean 'listen_port'?",
                file + ": unknown key 'storage.hots' (ignored), did you mean 'host'?",
                "environment: SLUICE_GW_SECRETT is not a gateway setting (ignored), did you mean SLUICE_GW_SECRET?");
        assertThat(loaded.config().listenPort()).isEqualTo(9001);
        assertThat(GatewayConfigLoader.loadChecked(null, Map.of("SLUICE_GW_LISTEN_PORT", "1")).unknownKeys()).isEmpty();
    }
}
