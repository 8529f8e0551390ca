package io.sluice.gateway.analytics;

import io.sluice.testkit.geo.MmdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GeoIP lookups against databases the test writes: Country databases, what is not looked up, which address is the client's. */
class GeoIpLookupTest {

    @TempDir
    Path dir;

    private Path database(String type, Map<String, Object> data) throws Exception {
        MmdbWriter writer = new MmdbWriter(type);
        writer.insert("81.2.69.0", 24, data);
        Path file = dir.resolve(type + ".mmdb");
        Files.write(file, writer.build());
        return file;
    }

    @Test
    void aCountryDatabaseFillsOnlyTheCountry() throws Exception {
        Path file = database("GeoLite2-Country", Map.of("country", Map.of("iso_code", "GB")));
        try (GeoIpLookup lookup = GeoIpLookup.open(file.toString())) {
            assertThat(lookup.locate("81.2.69.1")).isEqualTo(new GeoData(new GeoData.Country("GB"), null, null));
            assertThat(lookup.locate("81.2.70.1")).as("outside every network").isNull();
        }
    }

    @Test
    void onlyAddressLiteralsAreLookedUp() throws Exception {
        Path file = database("GeoLite2-City", Map.of("country", Map.of("iso_code", "GB")));
        try (GeoIpLookup lookup = GeoIpLookup.open(file.toString())) {
            assertThat(lookup.locate("localhost")).isNull();
            assertThat(lookup.locate("unknown")).isNull();
            assertThat(lookup.locate(null)).isNull();
            assertThat(lookup.locate("::ffff:81.2.69.9")).as("an IPv4-mapped address").isNotNull();
        }
    }

    @Test
    void aDatabaseWithoutLocationsIsRefusedNamingTheSetting() throws Exception {
        Path file = database("GeoLite2-ASN", Map.of("autonomous_system_number", 1221L));
        assertThatThrownBy(() -> GeoIpLookup.open(file.toString()))
                .hasMessageContaining("analytics_config.geo_ip_db_path").hasMessageContaining("GeoLite2-ASN");
        assertThatThrownBy(() -> GeoIpLookup.open(""))
                .hasMessageContaining("analytics_config.geo_ip_db_path").hasMessageContaining("enable_geo_ip");
    }

    @Test
    void theClientIsTheProxysRealIpThenTheFirstForwardedAddressThenThePeer() {
        assertThat(GeoIpLookup.clientIp("203.0.113.9", "198.51.100.1", "127.0.0.1")).isEqualTo("203.0.113.9");
        assertThat(GeoIpLookup.clientIp(null, " 198.51.100.1 , 10.0.0.2", "127.0.0.1")).isEqualTo("198.51.100.1");
        assertThat(GeoIpLookup.clientIp("", "", "127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
