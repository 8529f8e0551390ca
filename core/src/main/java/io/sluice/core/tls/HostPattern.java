package io.sluice.core.tls;

import java.util.Locale;

/**
 * A host name pattern as gateways write them for certificates: an exact name, {@code *.example.com} (exactly one more
 * label, as certificate wildcards match), or {@code *} (any host). A pattern with a port ({@code api.example.com:8443})
 * matches only that port. Case does not matter.
 */
public record HostPattern(String pattern) {

    public HostPattern {
        pattern = pattern == null ? "" : pattern.trim().toLowerCase(Locale.ROOT);
    }

    public boolean matchesAny() {
        return pattern.equals("*");
    }

    /** @param port the port the host is reached on, or -1 when unknown (then a pattern naming a port never matches) */
    public boolean matches(String host, int port) {
        if (host == null) {
            return matchesAny();
        }
        String name = host.toLowerCase(Locale.ROOT);
        String wanted = pattern;
        int colon = wanted.lastIndexOf(':');
        if (colon > 0 && wanted.indexOf(':') == colon) {
            if (!wanted.substring(colon + 1).equals(Integer.toString(port))) {
                return false;
            }
            wanted = wanted.substring(0, colon);
        }
        if (wanted.equals("*")) {
            return true;
        }
        if (wanted.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot + 1).equals(wanted.substring(2));
        }
        return name.equals(wanted);
    }
}
