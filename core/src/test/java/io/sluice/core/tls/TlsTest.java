package io.sluice.core.tls;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import javax.net.ssl.X509ExtendedTrustManager;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared {@code tls} block: what lints, and what each connector relied on from its former copy. */
class TlsTest {

    private static Conf tls(String yaml) throws Exception {
        ConfigNode node = ConfigLoader.parseRaw(yaml, "t.yaml");
        FieldSpec spec = FieldSpec.object("c", TlsSpec.field());
        return new Conf(node, spec, "c", node.pos(), null).child("tls");
    }

    private static void shape(FieldSpec f, String prefix, List<String> out) {
        out.add(prefix + f.name() + ":" + f.typeName() + ":" + f.shape() + ":" + f.defaultValue() + ":" + f.isRequired());
        for (FieldSpec c : f.children()) shape(c, prefix + f.name() + ".", out);
    }

    @Test
    void lintShapeIsTheOneBothFormerCopiesDeclared() {
        List<String> got = new ArrayList<>();
        shape(TlsSpec.field(), "", got);
        // names, types, shapes, defaults and required-ness: identical in Tls (amqp, mqtt, http) and TlsSettings (nats, nsq, redis)
        assertThat(got).containsExactly(
                "tls:object:SCALAR:null:false",
                "tls.enabled:bool:SCALAR:false:false",
                "tls.skip_cert_verify:bool:SCALAR:false:false",
                "tls.enable_renegotiation:bool:SCALAR:false:false",
                "tls.root_cas:string:SCALAR::false",
                "tls.root_cas_file:string:SCALAR::false",
                "tls.client_certs:array of object:ARRAY:[]:false",
                "tls.client_certs.cert:string:SCALAR::false",
                "tls.client_certs.key:string:SCALAR::false",
                "tls.client_certs.cert_file:string:SCALAR::false",
                "tls.client_certs.key_file:string:SCALAR::false",
                "tls.client_certs.password:string:SCALAR::false");
    }

    @Test
    void absentOrDisabledMeansNoContext() throws Exception {
        assertThat(Tls.sslContextOrNull(tls("{}"))).isNull();
        assertThat(Tls.sslContextOrNull(tls("tls: { enabled: false }"))).isNull();
        assertThat(Tls.sslContextOrNull(tls("tls: { enabled: true }"))).isNotNull();
        assertThat(Tls.of(tls("{}")).enabled()).isFalse();
    }

    @Test
    void skipVerifyTrustsEverythingIncludingHostNames() throws Exception {
        Tls t = Tls.of(tls("tls: { enabled: true, skip_cert_verify: true }"));
        assertThat(t.skipVerify()).isTrue();
        assertThat(t.trustManagers().getTrustManagers()[0]).isInstanceOf(X509ExtendedTrustManager.class);
    }

    @Test
    void unreadableFileNamesTheField() {
        assertThatThrownBy(() -> Tls.of(tls("tls: { enabled: true, root_cas_file: /nonexistent/ca.pem }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.root_cas_file").hasMessageContaining("/nonexistent/ca.pem");
    }

    @Test
    void badPemIsAConfigError() {
        assertThatThrownBy(() -> Tls.of(tls("tls: { enabled: true, root_cas: 'not a certificate' }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("root_cas");
        assertThatThrownBy(() -> Tls.privateKey("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n", "", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid private key");
    }

    @Test
    void pkcs8AndPkcs1KeysParse() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        PrivateKey k = g.generateKeyPair().getPrivate();
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertThat(Tls.privateKey(pkcs8, "", null).getEncoded()).isEqualTo(k.getEncoded());
        assertThatThrownBy(() -> Tls.privateKey("no key here", "", null)).isInstanceOf(ConfigException.class).hasMessageContaining("no PEM private key");
    }
}
