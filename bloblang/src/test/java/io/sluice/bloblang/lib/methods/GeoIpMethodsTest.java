package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Writes a small MaxMind DB (format 2.0, IPv6 tree, 32-bit records) for the tests. */
    static final class MmdbWriter {
        private final String type;
        private final List<Object[]> networks = new ArrayList<>();

        MmdbWriter(String type) {
            this.type = type;
        }

        void insert(String address, int prefix, Map<String, Object> data) throws Exception {
            byte[] a = InetAddress.getByName(address).getAddress();
            byte[] full = new byte[16];
            int bits = prefix;
            if (a.length == 4) {
                System.arraycopy(a, 0, full, 12, 4);
                bits += 96;
            } else {
                full = a;
            }
            networks.add(new Object[]{full, bits, data});
        }

        byte[] build() {
            // trie: node i has children[i][0..1]; -1 empty, >= 0 node, data refs kept separately
            List<int[]> nodes = new ArrayList<>();
            List<Object[]> dataRefs = new ArrayList<>();
            nodes.add(new int[]{-1, -1});
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            Map<Integer, Integer> leafOffsets = new LinkedHashMap<>();
            int leafId = 0;
            for (Object[] n : networks) {
                byte[] addr = (byte[]) n[0];
                int bits = (int) n[1];
                int offset = data.size();
                encode(data, n[2]);
                int node = 0;
                for (int i = 0; i < bits; i++) {
                    int bit = (addr[i / 8] >> (7 - i % 8)) & 1;
                    if (i == bits - 1) {
                        nodes.get(node)[bit] = -2 - leafId;
                        leafOffsets.put(leafId++, offset);
                    } else {
                        if (nodes.get(node)[bit] < 0) {
                            nodes.add(new int[]{-1, -1});
                            nodes.get(node)[bit] = nodes.size() - 1;
                        }
                        node = nodes.get(node)[bit];
                    }
                }
            }
            int nodeCount = nodes.size();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int[] n : nodes) {
                for (int child : n) {
                    long v;
                    if (child == -1) v = nodeCount;
                    else if (child <= -2) v = nodeCount + 16L + leafOffsets.get(-2 - child);
                    else v = child;
                    out.write((int) (v >>> 24));
                    out.write((int) (v >>> 16));
                    out.write((int) (v >>> 8));
                    out.write((int) v);
                }
            }
            out.writeBytes(new byte[16]);
            out.writeBytes(data.toByteArray());
            out.writeBytes(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
            out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("binary_format_major_version", new U16(2));
            meta.put("binary_format_minor_version", new U16(0));
            meta.put("build_epoch", BigInteger.valueOf(1700000000L));
            meta.put("database_type", type);
            meta.put("description", Map.of("en", "test database"));
            meta.put("ip_version", new U16(6));
            meta.put("languages", List.of("en"));
            meta.put("node_count", (long) nodeCount);
            meta.put("record_size", new U16(32));
            encode(out, meta);
            return out.toByteArray();
        }

        record U16(int value) {
        }

        private static void control(ByteArrayOutputStream out, int type, int size) {
            int first = type <= 7 ? type << 5 : 0;
            if (size < 29) {
                out.write(first | size);
            } else if (size < 285) {
                out.write(first | 29);
            } else {
                out.write(first | 30);
            }
            if (type > 7) out.write(type - 7);
            if (size >= 285) {
                int s = size - 285;
                out.write(s >>> 8);
                out.write(s);
            } else if (size >= 29) {
                out.write(size - 29);
            }
        }

        private static byte[] minimal(BigInteger v) {
            byte[] b = v.toByteArray();
            int i = 0;
            while (i < b.length && b[i] == 0) i++;
            byte[] out = new byte[b.length - i];
            System.arraycopy(b, i, out, 0, out.length);
            return out;
        }

        private static void encode(ByteArrayOutputStream out, Object v) {
            if (v instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                control(out, 2, b.length);
                out.writeBytes(b);
            } else if (v instanceof Double d) {
                control(out, 3, 8);
                long bits = Double.doubleToLongBits(d);
                for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (i * 8)));
            } else if (v instanceof U16 u) {
                byte[] b = minimal(BigInteger.valueOf(u.value()));
                control(out, 5, b.length);
                out.writeBytes(b);
            } else if (v instanceof Long l) {
                byte[] b = minimal(BigInteger.valueOf(l));
                control(out, 6, b.length);
                out.writeBytes(b);
            } else if (v instanceof BigInteger bi) {
                byte[] b = minimal(bi);
                control(out, 9, b.length);
                out.writeBytes(b);
            } else if (v instanceof Boolean b) {
                control(out, 14, b ? 1 : 0);
            } else if (v instanceof Map<?, ?> m) {
                control(out, 7, m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    encode(out, String.valueOf(e.getKey()));
                    encode(out, e.getValue());
                }
            } else if (v instanceof List<?> l) {
                control(out, 11, l.size());
                for (Object o : l) encode(out, o);
            } else {
                throw new IllegalArgumentException("cannot encode " + v);
            }
        }
    }
}
