package io.sluice.connectors.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Field parsing that needs no broker. */
class ParsingTest {

    @Test
    void topicsWithPartitionsRangesOffsetsAndCommas() {
        TopicList l = TopicList.parse(List.of("a,b", " c:1 ", "d:0-2", "e:3:120"), true);
        assertThat(l.balanced()).containsExactly("a", "b");
        assertThat(l.explicit().keySet()).containsExactly(new TopicPartition("c", 1),
                new TopicPartition("d", 0), new TopicPartition("d", 1), new TopicPartition("d", 2), new TopicPartition("e", 3));
        assertThat(l.explicit().get(new TopicPartition("c", 1))).isNull();
        assertThat(l.explicit().get(new TopicPartition("e", 3))).isEqualTo(120L);
        assertThatThrownBy(() -> TopicList.parse(List.of("e:3:120"), false)).hasMessageContaining("too many");
        assertThatThrownBy(() -> TopicList.parse(List.of("d:2-1"), true)).hasMessageContaining("invalid partition range");
        assertThatThrownBy(() -> TopicList.parse(List.of(":1"), true)).hasMessageContaining("no topic name");
    }

    @Test
    void brokerListsSplitOnCommas() {
        assertThat(ClientConfig.splitList(List.of("a:1, b:2", "", "c:3"))).containsExactly("a:1", "b:2", "c:3");
    }

    @Test
    void byteSizesInDecimalAndBinaryUnits() {
        assertThat(Sizes.parse("1MB")).isEqualTo(1_000_000);
        assertThat(Sizes.parse("50MiB")).isEqualTo(50L << 20);
        assertThat(Sizes.parse("50mib")).isEqualTo(50L << 20);
        assertThat(Sizes.parse("1B")).isEqualTo(1);
        assertThat(Sizes.parse("512")).isEqualTo(512);
        assertThatThrownBy(() -> Sizes.parse("12 parsecs")).hasMessageContaining("unknown size unit");
    }

    @Test
    void pkcs1RsaKeysAreRewrappedAsPkcs8() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(1024);
        PrivateKey key = kpg.generateKeyPair().getPrivate();
        byte[] pkcs8 = key.getEncoded();
        // PKCS#8 = SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }: the PKCS#1 key is the last element.
        byte[] pkcs1 = lastOctetString(pkcs8);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
        PrivateKey back = Pem.privateKey(Pem.toPkcs8(pem));
        assertThat(back.getEncoded()).isEqualTo(pkcs8);
        assertThatThrownBy(() -> Pem.toPkcs8("not a key")).hasMessageContaining("no PEM private key");
    }

    @Test
    void jaasOptionsAreQuoted() {
        assertThat(ClientConfig.jaas("M", Map.of("password", "a\"b\\c")))
                .isEqualTo("M required password=\"a\\\"b\\\\c\";");
    }

    private static byte[] lastOctetString(byte[] der) {
        int i = 0;
        i++; // SEQUENCE
        i += lengthBytes(der, i);
        int start = i;
        byte[] last = null;
        while (i < der.length) {
            int tag = der[i] & 0xff;
            int lenStart = i + 1;
            int len = length(der, lenStart);
            int content = lenStart + lengthBytes(der, lenStart);
            if (tag == 0x04) last = Arrays.copyOfRange(der, content, content + len);
            i = content + len;
        }
        assertThat(start).isPositive();
        return last;
    }

    private static int lengthBytes(byte[] b, int i) {
        int first = b[i] & 0xff;
        return first < 0x80 ? 1 : 1 + (first & 0x7f);
    }

    private static int length(byte[] b, int i) {
        int first = b[i] & 0xff;
        if (first < 0x80) return first;
        int len = 0;
        for (int k = 1; k <= (first & 0x7f); k++) len = (len << 8) | (b[i + k] & 0xff);
        return len;
    }
}
