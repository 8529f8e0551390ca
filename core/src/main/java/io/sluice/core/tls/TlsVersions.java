package io.sluice.core.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * TLS protocol versions and cipher suites as a listener or client enables them. The default suites are the forward
 * secret AEAD ones (what HTTP/2 requires and current guidance recommends); TLS 1.3 suites are always enabled when TLS
 * 1.3 is, since they cannot be chosen in most stacks and all of them are strong.
 */
public final class TlsVersions {

    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    public static final List<String> MODERN_TLS12_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final List<String> ALL = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsVersions() {
    }

    /** The JDK protocol name of a version written "1.2" or as its wire number (771); null when unknown. */
    public static String protocol(String version) {
        return switch (version.trim()) {
            case "1.0", "769" -> "TLSv1";
            case "1.1", "770" -> "TLSv1.1";
            case "1.2", "771" -> "TLSv1.2";
            case "1.3", "772" -> "TLSv1.3";
            default -> null;
        };
    }

    /** The protocols from {@code min} to {@code max} (JDK names; null or blank = TLS 1.2 to the newest). */
    public static List<String> between(String min, String max) {
        int from = min == null || min.isBlank() ? ALL.indexOf("TLSv1.2") : ALL.indexOf(checked(min));
        int to = max == null || max.isBlank() ? ALL.size() - 1 : ALL.indexOf(checked(max));
        if (from > to) {
            throw new IllegalArgumentException("the minimum TLS version " + min + " is above the maximum " + max);
        }
        return List.copyOf(ALL.subList(from, to + 1));
    }

    private static String checked(String version) {
        String protocol = protocol(version);
        if (protocol == null) {
            throw new IllegalArgumentException("unknown TLS version '" + version + "' (use 1.0, 1.1, 1.2 or 1.3)");
        }
        return protocol;
    }

    /** The suites to enable: the given TLS 1.2 (and older) suites or the modern default, plus TLS 1.3's when enabled. */
    public static List<String> suites(List<String> configured, List<String> protocols) {
        List<String> suites = new ArrayList<>(configured == null || configured.isEmpty() ? MODERN_TLS12_SUITES : configured);
        if (protocols.contains("TLSv1.3")) {
            TLS13_SUITES.stream().filter(s -> !suites.contains(s)).forEach(suites::add);
        }
        return List.copyOf(suites);
    }
}
