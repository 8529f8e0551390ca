package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;
import io.sluice.core.tls.TlsSpec;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Field parsing and client settings that need no broker. */
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

    /** The client properties of a kafka_franz output with this {@code tls} block. */
    private static Properties clientProperties(String tls) throws Exception {
        var reg = ComponentRegistry.global().find(ComponentKind.OUTPUT, "kafka_franz").orElseThrow();
        ConfigNode node = ConfigLoader.parseRaw("seed_brokers: [ localhost:9092 ]\ntopic: t\n" + tls, "t.yaml");
        Conf conf = new Conf(node, reg.spec().config(), "kafka_franz", node.pos(), null);
        return ClientConfig.from(conf, Dialect.FRANZ, new ComponentLog("sluice.test", "test", "", "kafka_franz")).copy();
    }

    private static TlsEngineFactory factory(Properties p) {
        TlsEngineFactory f = new TlsEngineFactory();
        Map<String, Object> configs = new HashMap<>();
        p.forEach((k, v) -> configs.put((String) k, v));
        f.configure(configs);
        return f;
    }

    @Test
    void tlsGoesThroughTheCoreSettingsAndOurEngineFactory() throws Exception {
        Properties p = clientProperties("tls: { enabled: true }");
        assertThat(p.get(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG)).isEqualTo(TlsEngineFactory.class);
        assertThat(p.get(TlsEngineFactory.TLS_CONFIG)).isInstanceOf(Tls.class);
        assertThat(p.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("SSL");
        Properties plain = clientProperties("tls: { enabled: false }");
        assertThat(plain).doesNotContainKeys(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, TlsEngineFactory.TLS_CONFIG);
        assertThat(plain.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("PLAINTEXT");
    }

    @Test
    void tlsEnginesVerifyHostNamesUnlessSkipCertVerify() throws Exception {
        SSLEngine verifying = factory(clientProperties("tls: { enabled: true }")).createClientSslEngine("localhost", 9093, "https");
        assertThat(verifying.getUseClientMode()).isTrue();
        assertThat(verifying.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("https");
        SSLEngine skipping = factory(clientProperties("tls: { enabled: true, skip_cert_verify: true }"))
                .createClientSslEngine("localhost", 9093, "https");
        assertThat(skipping.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    }

    @Test
    void theEngineFactoryIsRebuiltOnlyForOtherSettings() throws Exception {
        Properties p = clientProperties("tls: { enabled: true }");
        TlsEngineFactory f = factory(p);
        Map<String, Object> same = new HashMap<>();
        same.put(TlsEngineFactory.TLS_CONFIG, p.get(TlsEngineFactory.TLS_CONFIG));
        assertThat(f.shouldBeRebuilt(same)).isFalse();
        same.put(TlsEngineFactory.TLS_CONFIG, clientProperties("tls: { enabled: true }").get(TlsEngineFactory.TLS_CONFIG));
        assertThat(f.shouldBeRebuilt(same)).isTrue();
        assertThat(f.reconfigurableConfigs()).isEmpty();
        assertThatThrownBy(() -> new TlsEngineFactory().configure(Map.of())).hasMessageContaining(TlsEngineFactory.TLS_CONFIG);
    }

    @Test
    void everyKafkaComponentDeclaresTheSharedTlsField() {
        String shared = describe(TlsSpec.field());
        for (ComponentKind kind : List.of(ComponentKind.INPUT, ComponentKind.OUTPUT)) {
            for (String name : List.of("kafka", "kafka_franz")) {
                var spec = ComponentRegistry.global().find(kind, name).orElseThrow().spec().config();
                assertThat(describe(spec.child("tls").orElseThrow())).as(kind + " " + name).isEqualTo(shared);
            }
        }
    }

    /** Names, types, defaults and docs of a field and its children: what lint and the docs show. */
    private static String describe(FieldSpec f) {
        StringBuilder sb = new StringBuilder(f.name() + ":" + f.typeName() + ":" + f.defaultValue() + ":" + f.isAdvanced() + ":" + f.description());
        for (FieldSpec c : f.children()) sb.append("\n  ").append(describe(c).replace("\n", "\n  "));
        return sb.toString();
    }

    @Test
    void jaasOptionsAreQuoted() {
        assertThat(ClientConfig.jaas("M", Map.of("password", "a\"b\\c")))
                .isEqualTo("M required password=\"a\\\"b\\\\c\";");
    }
}
