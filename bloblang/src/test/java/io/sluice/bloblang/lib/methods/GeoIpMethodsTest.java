package io.sluice.bloblang.lib.methods;

import io.sluice.testkit.geo.MmdbWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.assertSameDocument;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class GeoIpMethodsTest {

    @TempDir
    static Path dir;
    static Path cityDb;
    static Path asnDb;

    @BeforeAll
    static void writeDatabases() throws Exception {
        MmdbWriter city = new MmdbWriter("GeoIP2-City");
        city.insert("81.2.69.0", 24, Map.of(
                "city", Map.of("geoname_id", 2643743L, "names", Map.of("en", "London", "de", "London")),
                "country", Map.of("geoname_id", 2635167L, "iso_code", "GB", "names", Map.of("en", "United Kingdom")),
                "continent", Map.of("code", "EU", "geoname_id", 6255148L, "names", Map.of("en", "Europe")),
                "location", Map.of("latitude", 51.5142, "longitude", -0.0931, "time_zone", "Europe/London", "accuracy_radius", 100L),
                "subdivisions", List.of(Map.of("iso_code", "ENG", "geoname_id", 6269131L, "names", Map.of("en", "England"))),
                "postal", Map.of("code", "EC4M")));
        city.insert("2001:db8::", 32, Map.of("country", Map.of("iso_code", "ZZ", "is_in_european_union", true)));
        cityDb = dir.resolve("city.mmdb");
        Files.write(cityDb, city.build());

        MmdbWriter asn = new MmdbWriter("GeoLite2-ASN");
        asn.insert("1.128.0.0", 11, Map.of("autonomous_system_number", 1221L, "autonomous_system_organization", "Telstra Pty Ltd"));
        asnDb = dir.resolve("asn.mmdb");
        Files.write(asnDb, asn.build());
    }

    private static String call(String method, Path db) {
        return "root = this.ip." + method + "(\"" + db.toString().replace("\\", "\\\\") + "\")";
    }

    @Test
    void cityLookupHasTheGoStructShape() throws Exception {
        String out = run(call("geoip_city", cityDb) + ".without(\"RepresentedCountry\", \"RegisteredCountry\", \"Traits\")", "{\"ip\":\"81.2.69.160\"}");
        assertSameDocument(out, "{"
                + "\"City\":{\"GeoNameID\":2643743,\"Names\":{\"de\":\"London\",\"en\":\"London\"}},"
                + "\"Continent\":{\"Code\":\"EU\",\"GeoNameID\":6255148,\"Names\":{\"en\":\"Europe\"}},"
                + "\"Country\":{\"GeoNameID\":2635167,\"IsInEuropeanUnion\":false,\"IsoCode\":\"GB\",\"Names\":{\"en\":\"United Kingdom\"}},"
                + "\"Location\":{\"AccuracyRadius\":100,\"Latitude\":51.5142,\"Longitude\":-0.0931,\"MetroCode\":0,\"TimeZone\":\"Europe/London\"},"
                + "\"Postal\":{\"Code\":\"EC4M\"},"
                + "\"Subdivisions\":[{\"GeoNameID\":6269131,\"IsoCode\":\"ENG\",\"Names\":{\"en\":\"England\"}}]}");
    }

    @Test
    void unknownAddressesGiveZeroValues() throws Exception {
        String out = run("root = this.ip.geoip_country(\"" + cityDb + "\").Country", "{\"ip\":\"10.0.0.1\"}");
        assertSameDocument(out, "{\"GeoNameID\":0,\"IsInEuropeanUnion\":false,\"IsoCode\":\"\",\"Names\":null}");
    }

    @Test
    void ipv6Lookups() throws Exception {
        String out = run("root = this.ip.geoip_country(\"" + cityDb + "\").Country.IsoCode", "{\"ip\":\"2001:db8::1\"}");
        assertThat(out).isEqualTo("ZZ");
    }

    @Test
    void asnLookup() throws Exception {
        assertSameDocument(run(call("geoip_asn", asnDb), "{\"ip\":\"1.128.0.1\"}"),
                "{\"AutonomousSystemNumber\":1221,\"AutonomousSystemOrganization\":\"Telstra Pty Ltd\"}");
    }

    @Test
    void methodMustSuitTheDatabase() {
        assertThat(error(call("geoip_city", asnDb), "{\"ip\":\"1.128.0.1\"}"))
                .contains("geoip2: the City method does not support the GeoLite2-ASN database");
    }

    @Test
    void invalidAddress() {
        assertThat(error(call("geoip_city", cityDb), "{\"ip\":\"example.com\"}"))
                .contains("value example.com is not an IPv4 or IPv6 address");
    }

    @Test
    void missingFileIsACompileError() {
        assertThat(error("root = this.ip.geoip_isp(\"/does/not/exist.mmdb\")", "{\"ip\":\"1.1.1.1\"}"))
                .contains("open /does/not/exist.mmdb: no such file or directory");
    }
}
