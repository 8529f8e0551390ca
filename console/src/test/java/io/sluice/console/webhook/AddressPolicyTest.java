package io.sluice.console.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {

    private final AddressPolicy strict = AddressPolicy.parse("");

    @Test
    void loopback_private_link_local_and_unspecified_addresses_are_refused_by_default() {
        for (String url : new String[]{"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
                "http://10.1.2.3/hook", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
                "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://[fd00::1]/",
                "http://[::ffff:10.0.0.1]/", "http://[fe80::1]/"}) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(AddressPolicy.RefusedAddress.class);
        }
    }

    @Test
    void public_addresses_pass() throws Exception {
        assertThat(strict.check("https://93.184.216.34/hook").getHost()).isEqualTo("93.184.216.34");
        assertThat(strict.check("http://172.32.0.1/").getHost()).isEqualTo("172.32.0.1");
        assertThat(strict.check("http://[2001:4860:4860::8888]/").getHost()).isEqualTo("[2001:4860:4860::8888]");
    }

    @Test
    void only_http_urls_with_a_host_and_no_credentials() {
        assertThatThrownBy(() -> strict.check("file:///etc/passwd")).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> strict.check("gopher://93.184.216.34/")).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> strict.check("http:///nohost")).hasMessageContaining("no host");
        assertThatThrownBy(() -> strict.check("http://user:pw@93.184.216.34/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> strict.check("http://no-such-host.invalid/")).hasMessageContaining("does not resolve");
    }

    @Test
    void the_setting_allows_loopback_or_private_ranges_but_never_link_local() throws Exception {
        AddressPolicy loopback = AddressPolicy.parse("loopback");
        assertThat(loopback.check("http://127.0.0.1:9000/hook").getPort()).isEqualTo(9000);
        assertThatThrownBy(() -> loopback.check("http://10.0.0.1/")).isInstanceOf(AddressPolicy.RefusedAddress.class);

        AddressPolicy both = AddressPolicy.parse("loopback, private");
        assertThat(both.check("http://10.0.0.1/").getHost()).isEqualTo("10.0.0.1");
        assertThat(both.refusal(InetAddress.getByName("169.254.169.254"))).contains("link-local");
    }

    @Test
    void an_unknown_setting_is_a_configuration_error() {
        assertThatThrownBy(() -> AddressPolicy.parse("everything")).hasMessageContaining("portal.webhook_allow");
    }
}
