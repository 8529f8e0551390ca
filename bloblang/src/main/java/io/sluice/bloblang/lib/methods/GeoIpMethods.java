package io.sluice.bloblang.lib.methods;

import com.maxmind.db.Reader;
import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * GeoIP lookups against MaxMind database files. Results have the shape the original produces: the Go
 * structs of the geoip2 library serialised with their field names ({@code City.Names.en},
 * {@code Location.Latitude}...), zero values where the database has no data.
 */
public final class GeoIpMethods implements LibraryModule {

    /** A field of a result struct: Go field name, database key and kind. */
    private record Field(String go, String key, Kind kind, List<Field> fields) {
        static Field of(String go, String key, Kind kind) {
            return new Field(go, key, kind, List.of());
        }

        static Field struct(String go, String key, Field... fields) {
            return new Field(go, key, Kind.STRUCT, List.of(fields));
        }

        static Field slice(String go, String key, Field... fields) {
            return new Field(go, key, Kind.SLICE, List.of(fields));
        }
    }

    private enum Kind { STRING, UINT, FLOAT, BOOL, NAMES, STRUCT, SLICE }

    private static Field names() {
        return Field.of("Names", "names", Kind.NAMES);
    }

    private static Field geoNameId() {
        return Field.of("GeoNameID", "geoname_id", Kind.UINT);
    }

    private static Field isoCode() {
        return Field.of("IsoCode", "iso_code", Kind.STRING);
    }

    private static Field inEu() {
        return Field.of("IsInEuropeanUnion", "is_in_european_union", Kind.BOOL);
    }

    private static Field confidence() {
        return Field.of("Confidence", "confidence", Kind.UINT);
    }

    private static Field continent() {
        return Field.struct("Continent", "continent", names(), Field.of("Code", "code", Kind.STRING), geoNameId());
    }

    private static Field country(String go, String key, boolean enterprise) {
        return enterprise
                ? Field.struct(go, key, names(), isoCode(), geoNameId(), confidence(), inEu())
                : Field.struct(go, key, names(), isoCode(), geoNameId(), inEu());
    }

    private static Field representedCountry() {
        return Field.struct("RepresentedCountry", "represented_country", names(), isoCode(), Field.of("Type", "type", Kind.STRING), geoNameId(), inEu());
    }

    private static Field location() {
        return Field.struct("Location", "location", Field.of("TimeZone", "time_zone", Kind.STRING), Field.of("Latitude", "latitude", Kind.FLOAT),
                Field.of("Longitude", "longitude", Kind.FLOAT), Field.of("MetroCode", "metro_code", Kind.UINT), Field.of("AccuracyRadius", "accuracy_radius", Kind.UINT));
    }

    private static Field simpleTraits() {
        return Field.struct("Traits", "traits", Field.of("IsAnonymousProxy", "is_anonymous_proxy", Kind.BOOL),
                Field.of("IsAnycast", "is_anycast", Kind.BOOL), Field.of("IsSatelliteProvider", "is_satellite_provider", Kind.BOOL));
    }

    private static final List<Field> CITY = List.of(
            Field.struct("City", "city", names(), geoNameId()),
            Field.struct("Postal", "postal", Field.of("Code", "code", Kind.STRING)),
            continent(),
            Field.slice("Subdivisions", "subdivisions", names(), isoCode(), geoNameId()),
            representedCountry(),
            country("Country", "country", false),
            country("RegisteredCountry", "registered_country", false),
            location(),
            simpleTraits());

    private static final List<Field> COUNTRY = List.of(
            continent(),
            country("Country", "country", false),
            country("RegisteredCountry", "registered_country", false),
            representedCountry(),
            simpleTraits());

    private static final List<Field> ENTERPRISE = List.of(
            Field.struct("City", "city", names(), geoNameId(), confidence()),
            Field.struct("Postal", "postal", Field.of("Code", "code", Kind.STRING), confidence()),
            continent(),
            Field.slice("Subdivisions", "subdivisions", names(), isoCode(), geoNameId(), confidence()),
            representedCountry(),
            country("Country", "country", true),
            country("RegisteredCountry", "registered_country", true),
            Field.struct("Traits", "traits",
                    Field.of("AutonomousSystemOrganization", "autonomous_system_organization", Kind.STRING),
                    Field.of("ConnectionType", "connection_type", Kind.STRING),
                    Field.of("Domain", "domain", Kind.STRING),
                    Field.of("ISP", "isp", Kind.STRING),
                    Field.of("MobileCountryCode", "mobile_country_code", Kind.STRING),
                    Field.of("MobileNetworkCode", "mobile_network_code", Kind.STRING),
                    Field.of("Organization", "organization", Kind.STRING),
                    Field.of("UserType", "user_type", Kind.STRING),
                    Field.of("AutonomousSystemNumber", "autonomous_system_number", Kind.UINT),
                    Field.of("StaticIPScore", "static_ip_score", Kind.FLOAT),
                    Field.of("IsAnonymousProxy", "is_anonymous_proxy", Kind.BOOL),
                    Field.of("IsAnycast", "is_anycast", Kind.BOOL),
                    Field.of("IsLegitimateProxy", "is_legitimate_proxy", Kind.BOOL),
                    Field.of("IsSatelliteProvider", "is_satellite_provider", Kind.BOOL)),
            location());

    private static final List<Field> ASN = List.of(
            Field.of("AutonomousSystemOrganization", "autonomous_system_organization", Kind.STRING),
            Field.of("AutonomousSystemNumber", "autonomous_system_number", Kind.UINT));

    private static final List<Field> ANONYMOUS_IP = List.of(
            Field.of("IsAnonymous", "is_anonymous", Kind.BOOL),
            Field.of("IsAnonymousVPN", "is_anonymous_vpn", Kind.BOOL),
            Field.of("IsHostingProvider", "is_hosting_provider", Kind.BOOL),
            Field.of("IsPublicProxy", "is_public_proxy", Kind.BOOL),
            Field.of("IsResidentialProxy", "is_residential_proxy", Kind.BOOL),
            Field.of("IsTorExitNode", "is_tor_exit_node", Kind.BOOL));

    private static final List<Field> CONNECTION_TYPE = List.of(Field.of("ConnectionType", "connection_type", Kind.STRING));

    private static final List<Field> DOMAIN = List.of(Field.of("Domain", "domain", Kind.STRING));

    private static final List<Field> ISP = List.of(
            Field.of("AutonomousSystemOrganization", "autonomous_system_organization", Kind.STRING),
            Field.of("ISP", "isp", Kind.STRING),
            Field.of("MobileCountryCode", "mobile_country_code", Kind.STRING),
            Field.of("MobileNetworkCode", "mobile_network_code", Kind.STRING),
            Field.of("Organization", "organization", Kind.STRING),
            Field.of("AutonomousSystemNumber", "autonomous_system_number", Kind.UINT));

    @Override
    public void register(Library lib) {
        method(lib, "geoip_city", "city", "City", CITY, t -> t.contains("City") || t.contains("Enterprise"),
                Example.of("The city name in English; the database file is not part of Sluice.", "root.city = this.client_ip.geoip_city(\"/var/lib/geoip/GeoLite2-City.mmdb\").City.Names.en",
                        "{\"client_ip\":\"81.2.69.142\"}", "{\"city\":\"London\"}").untested());
        method(lib, "geoip_country", "country", "Country", COUNTRY, t -> t.contains("Country") || t.contains("City") || t.contains("Enterprise"),
                Example.of("", "root.country = this.client_ip.geoip_country(\"/var/lib/geoip/GeoLite2-Country.mmdb\").Country.IsoCode",
                        "{\"client_ip\":\"81.2.69.142\"}", "{\"country\":\"GB\"}").untested());
        method(lib, "geoip_asn", "ASN", "ASN", ASN, t -> t.contains("ASN") || t.contains("ISP"));
        method(lib, "geoip_enterprise", "enterprise", "Enterprise", ENTERPRISE, t -> t.equals("GeoIP2-Enterprise"));
        method(lib, "geoip_anonymous_ip", "anonymous IP", "AnonymousIP", ANONYMOUS_IP, t -> t.equals("GeoIP2-Anonymous-IP"));
        method(lib, "geoip_connection_type", "connection type", "ConnectionType", CONNECTION_TYPE, t -> t.equals("GeoIP2-Connection-Type"));
        method(lib, "geoip_domain", "domain", "Domain", DOMAIN, t -> t.equals("GeoIP2-Domain"));
        method(lib, "geoip_isp", "ISP", "ISP", ISP, t -> t.equals("GeoIP2-ISP") || t.equals("GeoIP2-Precision-ISP"));
    }

    private static void method(Library lib, String name, String entity, String goMethod, List<Field> layout, Predicate<String> supports,
                               Example... examples) {
        String fields = String.join(", ", layout.stream().map(f -> "`" + f.go() + "`").toList());
        MethodSpec spec = MethodSpec.of(name, Category.GEOIP,
                        "Looks an IP address up in a MaxMind GeoIP2 or GeoLite2 database and gives what it holds about the "
                                + entity + ", as an object with " + fields + ". The address must be a literal IPv4 or IPv6 "
                                + "address, never a host name; one the database does not know gives empty fields, not an "
                                + "error. A database of a kind without this information is an error.")
                .param(Param.string("path", "The `.mmdb` file, opened once when the mapping is compiled."));
        for (Example e : examples) spec = spec.example(e);
        lib.addValueMethod(spec,
                args -> {
                    Reader reader = open(args.string("path"));
                    String type = reader.getMetadata().getDatabaseType();
                    return ParsingMethodsFormats.text(s -> {
                        if (!supports.test(type)) {
                            throw new QueryException("geoip2: the " + goMethod + " method does not support the " + type + " database");
                        }
                        InetAddress ip = parseIp(s);
                        Object record;
                        try {
                            record = reader.get(ip, Map.class);
                        } catch (IOException e) {
                            throw new QueryException(e.getMessage());
                        }
                        return shape(layout, record instanceof Map<?, ?> m ? m : Map.of());
                    });
                });
    }

    private static Reader open(String path) {
        File f = new File(path);
        if (!f.exists()) throw new IllegalArgumentException("open " + path + ": no such file or directory");
        try {
            return new Reader(f);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("error opening database: invalid MaxMind DB file");
        }
    }

    private static final Pattern IPV4 = Pattern.compile("^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    /** Go's {@code net.ParseIP}: literal addresses only, never a host name lookup. */
    static InetAddress parseIp(String s) {
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.indexOf(':') >= 0 && IPV6.matcher(s).matches();
        if (v4 || v6) {
            try {
                return InetAddress.getByName(s);
            } catch (IOException ignored) {
                // fall through to the error
            }
        }
        throw new QueryException("value " + s + " is not an IPv4 or IPv6 address");
    }

    private static Map<String, Object> shape(List<Field> layout, Map<?, ?> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : layout) out.put(f.go(), value(f, record.get(f.key())));
        return out;
    }

    private static Object value(Field f, Object v) {
        return switch (f.kind()) {
            case STRING -> v instanceof String s ? s : "";
            case UINT -> v instanceof Number n ? Values.integer(n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue())) : 0L;
            case FLOAT -> v instanceof Number n ? n.doubleValue() : 0.0;
            case BOOL -> v instanceof Boolean b ? b : false;
            case NAMES -> {
                if (!(v instanceof Map<?, ?> m)) yield null;
                Map<String, Object> names = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) names.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                yield names;
            }
            case STRUCT -> shape(f.fields(), v instanceof Map<?, ?> m ? m : Map.of());
            case SLICE -> {
                if (!(v instanceof List<?> l)) yield null;
                List<Object> items = new ArrayList<>(l.size());
                for (Object item : l) items.add(shape(f.fields(), item instanceof Map<?, ?> m ? m : Map.of()));
                yield items;
            }
        };
    }
}
