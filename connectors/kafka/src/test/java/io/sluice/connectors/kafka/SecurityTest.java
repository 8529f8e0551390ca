package io.sluice.connectors.kafka;

import io.sluice.testkit.kafka.KafkaBroker;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityTest extends KafkaTestSupport {

    /** Writes two messages with the output, reads them back with the input, acknowledging them. */
    private static void roundTrip(String outputType, String outputYaml, String inputType, String inputYaml) throws Exception {
        Output out = output(outputType, outputYaml);
        Input in = input(inputType, inputYaml);
        try {
            out.connect();
            out.write(Batch.ofTexts("secure-1", "secure-2"));
            in.connect();
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.size() < 2 && System.nanoTime() < deadline) {
                Transaction tx = in.read();
                tx.batch().forEach(p -> got.add(p.text()));
                tx.ack();
            }
            assertThat(got).containsExactly("secure-1", "secure-2");
        } finally {
            in.close();
            out.close();
        }
    }

    @Test
    void saslPlainWithTheKafkaDialect() throws Exception {
        String t = topic("sasl-plain", 1);
        String sasl = """
                sasl:
                  mechanism: PLAIN
                  user: %s
                  password: %s
                """.formatted(KafkaBroker.USER, KafkaBroker.PASSWORD);
        roundTrip("kafka", """
                addresses: [ "%s" ]
                topic: %s
                %s""".formatted(broker().saslBootstrap(), t, sasl),
                "kafka", """
                addresses: [ "%s" ]
                topics: [ "%s:0" ]
                %s""".formatted(broker().saslBootstrap(), t, sasl));
    }

    @Test
    void saslScramWithTheFranzDialect() throws Exception {
        String t = topic("sasl-scram", 1);
        roundTrip("kafka_franz", """
                seed_brokers: [ "%s" ]
                topic: %s
                sasl:
                  - mechanism: SCRAM-SHA-512
                    username: %s
                    password: %s
                """.formatted(broker().saslBootstrap(), t, KafkaBroker.USER, KafkaBroker.PASSWORD),
                "kafka_franz", """
                seed_brokers: [ "%s" ]
                topics: [ %s ]
                consumer_group: %s
                sasl:
                  - mechanism: none
                  - mechanism: SCRAM-SHA-256
                    username: %s
                    password: %s
                """.formatted(broker().saslBootstrap(), t, uniqueName("g"), KafkaBroker.USER, KafkaBroker.PASSWORD));
    }

    @Test
    void oauthBearerWithAStaticToken() throws Exception {
        String t = topic("oauth", 1);
        roundTrip("kafka", """
                addresses: [ "%s" ]
                topic: %s
                sasl:
                  mechanism: OAUTHBEARER
                  access_token: "%s"
                """.formatted(broker().saslBootstrap(), t, KafkaBroker.unsecuredToken()),
                "kafka_franz", """
                seed_brokers: [ "%s" ]
                topics: [ %s ]
                sasl:
                  - mechanism: OAUTHBEARER
                    token: "%s"
                """.formatted(broker().saslBootstrap(), t, KafkaBroker.unsecuredToken()));
    }

    @Test
    void tlsWithRootCasAndWithSkipCertVerify() throws Exception {
        String t = topic("tls", 1);
        String pem = broker().caPem().strip().indent(6);
        roundTrip("kafka_franz", """
                seed_brokers: [ "%s" ]
                topic: %s
                tls:
                  enabled: true
                  skip_cert_verify: true
                """.formatted(broker().tlsBootstrap(), t),
                "kafka", """
                addresses: [ "%s" ]
                topics: [ "%s:0" ]
                tls:
                  enabled: true
                  root_cas: |
                %s""".formatted(broker().tlsBootstrap(), t, pem));
    }

    @Test
    void mutualTlsWithAClientCertificate() throws Exception {
        String t = topic("mtls", 1);
        String cert = broker().caPem().strip().indent(8);
        String key = broker().clientKeyPem().strip().indent(8);
        String pkcs1 = pkcs1(broker().clientKeyPem()).strip().indent(8);
        roundTrip("kafka_franz", """
                seed_brokers: [ "%s" ]
                topic: %s
                tls:
                  enabled: true
                  root_cas: |
                %s  client_certs:
                    - cert: |
                %s      key: |
                %s""".formatted(broker().mtlsBootstrap(), t, cert.indent(-2), cert, key),
                "kafka", """
                addresses: [ "%s" ]
                topics: [ "%s:0" ]
                tls:
                  enabled: true
                  skip_cert_verify: true
                  client_certs:
                    - cert: |
                %s      key: |
                %s""".formatted(broker().mtlsBootstrap(), t, cert, pkcs1));
        // Without a client certificate the listener refuses the handshake.
        Output out = output("kafka", """
                addresses: [ "%s" ]
                topic: %s
                tls:
                  enabled: true
                  skip_cert_verify: true
                """.formatted(broker().mtlsBootstrap(), t));
        try {
            assertThatThrownBy(out::connect).hasMessageContaining("tls");
        } finally {
            out.close();
        }
    }

    @Test
    void mutualTlsWithFilesAndAnEncryptedKey(@TempDir Path dir) throws Exception {
        String t = topic("mtls-files", 1);
        // The broker's self-signed certificate is both the root CA and the client certificate it accepts.
        Path ca = Files.writeString(dir.resolve("ca.pem"), broker().caPem());
        Path key = Files.writeString(dir.resolve("client-key.pem"), encryptedPkcs8(broker().clientKeyPem(), "s3cret"));
        String tls = """
                tls:
                  enabled: true
                  root_cas_file: %s
                  client_certs:
                    - cert_file: %s
                      key_file: %s
                      password: s3cret
                """.formatted(ca, ca, key);
        roundTrip("kafka", """
                addresses: [ "%s" ]
                topic: %s
                %s""".formatted(broker().mtlsBootstrap(), t, tls),
                "kafka_franz", """
                seed_brokers: [ "%s" ]
                topics: [ %s ]
                %s""".formatted(broker().mtlsBootstrap(), t, tls));
        // The key cannot be read without its password: a config error naming the certificate entry.
        assertThatThrownBy(() -> output("kafka", """
                addresses: [ "%s" ]
                topic: %s
                %s""".formatted(broker().mtlsBootstrap(), t, tls.replace("password: s3cret", "password: ''"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.client_certs").hasMessageContaining("set 'password'");
        assertThatThrownBy(() -> output("kafka", """
                addresses: [ "%s" ]
                topic: %s
                %s""".formatted(broker().mtlsBootstrap(), t, tls.replace("password: s3cret", "password: wrong"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.client_certs").hasMessageContaining("invalid private key");
    }

    @Test
    void badTlsMaterialIsAConfigErrorNamingTheField() {
        assertThatThrownBy(() -> output("kafka_franz", """
                seed_brokers: [ localhost:9092 ]
                topic: t
                tls: { enabled: true, root_cas: "not a certificate" }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("tls.root_cas");
        assertThatThrownBy(() -> input("kafka", """
                addresses: [ localhost:9092 ]
                topics: [ "t:0" ]
                tls: { enabled: true, root_cas_file: /nonexistent/ca.pem }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("tls.root_cas_file").hasMessageContaining("/nonexistent/ca.pem");
    }

    /** A PKCS#8 PEM key encrypted with {@code password} (PBES2, AES-256), as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it. */
    private static String encryptedPkcs8(String pkcs8Pem, String password) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").strip());
        String alg = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(alg);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        // Named PBES2 (the OID openssl writes): the JDK does not map the cipher's own name to an OID.
        AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pbes2, cipher.doFinal(der));
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(info.getEncoded())
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    /** The RSA key of a PKCS#8 PEM as an OpenSSL "RSA PRIVATE KEY" (PKCS#1) PEM. */
    private static String pkcs1(String pkcs8Pem) {
        String b64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        // SEQUENCE { INTEGER 0, SEQUENCE alg, OCTET STRING pkcs1 }: skip to the octet string's content.
        int i = 1;
        i += (der[i] & 0x80) == 0 ? 1 : 1 + (der[i] & 0x7f);
        i += 3;                                 // INTEGER 0
        i += 2 + (der[i + 1] & 0xff);           // AlgorithmIdentifier (short form)
        i++;                                    // OCTET STRING tag
        int lenBytes = (der[i] & 0x80) == 0 ? 0 : der[i] & 0x7f;
        int len = lenBytes == 0 ? der[i] : 0;
        for (int k = 1; k <= lenBytes; k++) len = (len << 8) | (der[i + k] & 0xff);
        i += 1 + lenBytes;
        byte[] pkcs1 = Arrays.copyOfRange(der, i, i + len);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    @Test
    void aWrongPasswordIsReportedWithTheBrokersAnswer() throws Exception {
        String t = topic("sasl-bad", 1);
        Input in = input("kafka_franz", """
                seed_brokers: [ "%s" ]
                topics: [ %s ]
                sasl:
                  - mechanism: SCRAM-SHA-256
                    username: %s
                    password: wrong
                """.formatted(broker().saslBootstrap(), t, KafkaBroker.USER));
        try {
            assertThatThrownBy(in::connect)
                    .hasMessageContaining("authentication")
                    .hasMessageContaining("sasl")
                    .hasMessageContaining("Authentication failed");
        } finally {
            in.close();
        }
    }

    @Test
    void anUntrustedCertificateIsReportedAsATlsProblem() throws Exception {
        Output out = output("kafka", """
                addresses: [ "%s" ]
                topic: anything
                tls:
                  enabled: true
                """.formatted(broker().tlsBootstrap()));
        try {
            assertThatThrownBy(out::connect).hasMessageContaining("TLS").hasMessageContaining("tls");
        } finally {
            out.close();
        }
    }
}
