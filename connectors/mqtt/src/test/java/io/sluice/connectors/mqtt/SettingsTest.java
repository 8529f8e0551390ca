package io.sluice.connectors.mqtt;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.tls.Tls;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Field parsing that needs no broker: URLs, client ids, private keys. */
class SettingsTest {

    private static Conf conf(String yaml) throws Exception {
        ConfigNode node = ConfigLoader.parseRaw(yaml, "t.yaml");
        ComponentSpec spec = MqttInput.SPEC;
        return new Conf(node, spec.config(), "mqtt", node.pos(), null);
    }

    @Test
    void urlsAreSplitOnCommasAndSchemesDecideTransport() throws Exception {
        MqttClientSettings s = MqttClientSettings.from(conf("""
                urls: [ "tcp://a:1, ssl://b", "ws://c/path?x=1", "wss://d:9443" ]
                topics: [ t ]
                """));
        assertThat(s.urls()).extracting(MqttClientSettings.BrokerUrl::host).containsExactly("a", "b", "c", "d");
        assertThat(s.urls()).extracting(MqttClientSettings.BrokerUrl::port).containsExactly(1, 8883, 80, 9443);
        assertThat(s.urls()).extracting(MqttClientSettings.BrokerUrl::tls).containsExactly(false, true, false, true);
        assertThat(s.urls().get(2).websocket()).isTrue();
        assertThat(s.urls().get(2).path()).isEqualTo("path?x=1");
        assertThat(s.protocol()).isEqualTo(MqttClientSettings.ProtocolVersion.AUTO);
        assertThat(s.keepAliveSeconds()).isEqualTo(30);
    }

    @Test
    void nanoidSuffixIsAppended() throws Exception {
        MqttClientSettings s = MqttClientSettings.from(conf("urls: [tcp://a]\ntopics: [t]\nclient_id: sluice-\ndynamic_client_id_suffix: nanoid\n"));
        assertThat(s.clientId()).startsWith("sluice-").hasSize(7 + 21);
        assertThatThrownBy(() -> MqttClientSettings.from(conf("urls: [tcp://a]\ntopics: [t]\ndynamic_client_id_suffix: uuid\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dynamic_client_id_suffix");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void pkcs8KeysOfEachKindParse() throws Exception {
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (alg.equals("RSA")) g.initialize(1024); // key size is irrelevant here, and big RSA keys are slow to make
            PrivateKey k = g.generateKeyPair().getPrivate();
            PrivateKey parsed = Tls.privateKey(pem("PRIVATE KEY", k.getEncoded()), "", conf("urls: [tcp://a]\ntopics: [t]\n"));
            assertThat(parsed.getEncoded()).isEqualTo(k.getEncoded());
        }
    }

    @Test
    void opensslKeyFormatsParse() throws Exception {
        Path dir = Files.createTempDirectory("keys");
        run(dir, "openssl", "version"); // a machine without openssl fails here (Debian: apt-get install openssl)
        Conf field = conf("urls: [tcp://a]\ntopics: [t]\n");
        run(dir, "openssl", "genrsa", "-traditional", "-out", "rsa1.pem", "1024");
        assertThat(Files.readString(dir.resolve("rsa1.pem"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Tls.privateKey(Files.readString(dir.resolve("rsa1.pem")), "", field).getAlgorithm()).isEqualTo("RSA");
        run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem");
        assertThat(Files.readString(dir.resolve("ec.pem"))).contains("BEGIN EC PRIVATE KEY");
        assertThat(Tls.privateKey(Files.readString(dir.resolve("ec.pem")), "", field).getAlgorithm()).isEqualTo("EC");
        run(dir, "openssl", "pkcs8", "-topk8", "-in", "rsa1.pem", "-out", "enc.pem", "-passout", "pass:pw", "-v2", "aes-256-cbc");
        assertThat(Tls.privateKey(Files.readString(dir.resolve("enc.pem")), "pw", field).getAlgorithm()).isEqualTo("RSA");
        assertThatThrownBy(() -> Tls.privateKey(Files.readString(dir.resolve("enc.pem")), "", field))
                .hasMessageContaining("password");
    }

    /** Runs a command in {@code dir}; fails the test, with the command's output, unless it succeeds. */
    private static void run(Path dir, String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + " (is it installed?): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s failed:%n%s", String.join(" ", cmd), output).isZero();
    }
}
