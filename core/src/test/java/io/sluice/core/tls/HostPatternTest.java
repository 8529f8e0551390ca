package io.sluice.core.tls;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPatternTest {

    @Test
    void exactWildcardAnyAndPortPatterns() {
        assertThat(new HostPattern("api.example.com").matches("API.example.com", 443)).isTrue();
        assertThat(new HostPattern("*.example.com").matches("api.example.com", 443)).isTrue();
        assertThat(new HostPattern("*.example.com").matches("a.b.example.com", 443)).isFalse(); // one label, as certificates
        assertThat(new HostPattern("*.example.com").matches("example.com", 443)).isFalse();
        assertThat(new HostPattern("*").matches("anything", 1)).isTrue();
        assertThat(new HostPattern("api.example.com:8443").matches("api.example.com", 8443)).isTrue();
        assertThat(new HostPattern("api.example.com:8443").matches("api.example.com", 443)).isFalse();
    }

    @Test
    void versionsAndSuites() {
        assertThat(TlsVersions.between("", "")).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(TlsVersions.between("771", "771")).containsExactly("TLSv1.2");
        assertThat(TlsVersions.between("1.3", "")).containsExactly("TLSv1.3");
        assertThatThrownBy(() -> TlsVersions.between("1.3", "1.2")).hasMessageContaining("above the maximum");
        assertThatThrownBy(() -> TlsVersions.between("2.0", "")).hasMessageContaining("unknown TLS version '2.0'");
        assertThat(TlsVersions.suites(List.of(), List.of("TLSv1.2"))).isEqualTo(TlsVersions.MODERN_TLS12_SUITES);
        assertThat(TlsVersions.suites(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), List.of("TLSv1.2", "TLSv1.3")))
                .startsWith("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").containsAll(TlsVersions.TLS13_SUITES);
        assertThat(Fingerprints.normalized("AB:" + "cd".repeat(31))).isEqualTo("ab" + "cd".repeat(31));
        assertThat(Fingerprints.normalized("not hex")).isNull();
    }
}
