package io.sluice.console.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where webhooks may be delivered (server-side request forgery guard). Only {@code http} and {@code https} URLs with a
 * host and without credentials; every address the host resolves to must be public. Loopback ({@code 127/8},
 * {@code ::1}) and private ranges ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code 100.64/10},
 * {@code fc00::/7}) are refused unless the portal setting {@code webhook_allow} lists {@code loopback} or
 * {@code private}. Link-local addresses (cloud metadata at {@code 169.254.169.254}), unspecified and multicast
 * addresses are always refused. The check runs when a subscription is saved and again before every delivery, since
 * DNS answers change.
 */
public final class AddressPolicy {

    /** A URL the policy refuses, with the reason. */
    public static final class RefusedAddress extends Exception {
        public RefusedAddress(String message) {
            super(message);
        }
    }

    private final boolean loopback;
    private final boolean privateRanges;

    private AddressPolicy(boolean loopback, boolean privateRanges) {
        this.loopback = loopback;
        this.privateRanges = privateRanges;
    }

    /** From the {@code webhook_allow} setting: empty, {@code loopback}, {@code private}, or both comma separated. */
    public static AddressPolicy parse(String allow) {
        Set<String> words = new TreeSet<>();
        for (String word : (allow == null ? "" : allow).split(",")) {
            if (!word.isBlank()) {
                words.add(word.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (String word : words) {
            if (!word.equals("loopback") && !word.equals("private")) {
                throw new IllegalArgumentException("portal.webhook_allow: expected loopback and/or private, got '" + word + "'");
            }
        }
        return new AddressPolicy(words.contains("loopback"), words.contains("private"));
    }

    /** Checks the URL and resolves its host; throws naming what is wrong. */
    public URI check(String url) throws RefusedAddress {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new RefusedAddress("not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedAddress("only http and https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedAddress("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedAddress("credentials in the URL are not allowed");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new RefusedAddress("the host " + uri.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new RefusedAddress(uri.getHost() + " resolves to " + address.getHostAddress() + ", " + refusal);
            }
        }
        return uri;
    }

    /** Why the address is refused, or null. */
    String refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "an unspecified or multicast address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (such as a cloud metadata service)";
        }
        if (a.isLoopbackAddress()) {
            return loopback ? null : "a loopback address (allowed only with portal.webhook_allow: loopback)";
        }
        if (isPrivate(a)) {
            return privateRanges ? null : "a private address (allowed only with portal.webhook_allow: private)";
        }
        return null;
    }

    private static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 10
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127)
                    || first == 0;
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }

    /** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
