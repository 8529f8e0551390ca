package io.sluice.gateway.analytics;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Location;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The geo of analytics records from a GeoLite2 (or GeoIP2) City or Country database
 * ({@code analytics_config.enable_geo_ip}, {@code geo_ip_db_path}). The file is opened once, at startup; lookups run
 * on the analytics writer's thread, never on an event loop, and decoded entries are cached by the reader.
 */
public final class GeoIpLookup implements AutoCloseable {

    public static final String SETTING = "analytics_config.geo_ip_db_path";

    /** An IPv4 or IPv6 literal: only these are looked up, so that a forged header never causes a DNS query. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final DatabaseReader reader;
    private final boolean city;

    private GeoIpLookup(DatabaseReader reader) {
        this.reader = reader;
        this.city = reader.getMetadata().getDatabaseType().contains("City");
    }

    /** Opens the database at {@code path}; a missing or unreadable file is an error that names the setting. */
    public static GeoIpLookup open(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalStateException(SETTING + " is empty, but analytics_config.enable_geo_ip is on: give the path of a GeoLite2 City or Country file");
        }
        File file = new File(path);
        if (!file.isFile()) throw new IllegalStateException(SETTING + ": no GeoLite2 database at '" + path + "'");
        try {
            GeoIpLookup lookup = new GeoIpLookup(new DatabaseReader.Builder(file).withCache(new CHMCache()).build());
            String type = lookup.reader.getMetadata().getDatabaseType();
            if (!type.contains("City") && !type.contains("Country")) {
                lookup.close();
                throw new IllegalStateException(SETTING + ": '" + path + "' is a " + type + " database; a City or Country database is needed");
            }
            return lookup;
        } catch (IOException e) {
            throw new IllegalStateException(SETTING + ": cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Where {@code ip} is; null when it is not an IP literal, the database does not know it, or its entry cannot be read. */
    public GeoData locate(String ip) {
        if (ip == null || !IP_LITERAL.matcher(ip).matches()) return null;
        try {
            InetAddress address = InetAddress.getByName(ip); // a literal: parsed, not resolved
            if (city) {
                Optional<CityResponse> found = reader.tryCity(address);
                return found.map(r -> new GeoData(country(r), cityOf(r), location(r.getLocation()))).orElse(null);
            }
            return reader.tryCountry(address).map(r -> new GeoData(country(r), null, null)).orElse(null);
        } catch (IOException | GeoIp2Exception e) {
            // UnknownHostException (not an address after all) included: a record without geo, never a lost record
            return null;
        }
    }

    private static GeoData.Country country(AbstractCountryResponse r) {
        String iso = r.getCountry().getIsoCode();
        return iso == null ? null : new GeoData.Country(iso);
    }

    private static GeoData.City cityOf(CityResponse r) {
        if (r.getCity().getGeoNameId() == null && r.getCity().getNames().isEmpty()) return null;
        return new GeoData.City(r.getCity().getGeoNameId(), r.getCity().getNames());
    }

    private static GeoData.Location location(Location l) {
        if (l.getLatitude() == null && l.getLongitude() == null && l.getTimeZone() == null) return null;
        return new GeoData.Location(l.getLatitude(), l.getLongitude(), l.getTimeZone());
    }

    /**
     * The client's address as the gateway records it: a proxy's {@code X-Real-IP}, else the first address of
     * {@code X-Forwarded-For}, else the connection's peer.
     */
    public static String clientIp(String realIp, String forwardedFor, String peer) {
        if (realIp != null && !realIp.isBlank()) return realIp.trim();
        if (forwardedFor != null && !forwardedFor.isBlank()) return forwardedFor.split(",", 2)[0].trim();
        return peer;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // closing a read-only mapping: nothing to recover
        }
    }
}
