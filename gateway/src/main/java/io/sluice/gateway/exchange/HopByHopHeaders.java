package io.sluice.gateway.exchange;

import io.vertx.core.MultiMap;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Headers that describe one connection rather than the message (RFC 9110 section 7.6.1): a proxy must not forward
 * them, nor any header the Connection header names.
 */
public final class HopByHopHeaders {

    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHopHeaders() {
    }

    public static MultiMap copyEndToEnd(MultiMap source) {
        Set<String> listed = listedInConnection(source);
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : source) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!ALWAYS.contains(name) && !listed.contains(name)) {
                copy.add(header.getKey(), header.getValue());
            }
        }
        return copy;
    }

    private static Set<String> listedInConnection(MultiMap headers) {
        Set<String> listed = new HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    listed.add(name);
                }
            }
        }
        return listed;
    }
}
