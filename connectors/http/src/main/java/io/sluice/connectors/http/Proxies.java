package io.sluice.connectors.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where requests go through a proxy: {@code proxy_url} when set, otherwise the conventional
 * environment variables ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}, upper or lower
 * case), which is what users of the original expect. Loopback hosts are never proxied.
 */
final class Proxies {
    private Proxies() {
    }

    static ProxySelector of(URI proxyUrl, Map<String, String> env) {
        if (proxyUrl != null) {
            InetSocketAddress addr = address(proxyUrl);
            return new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(new Proxy(Proxy.Type.HTTP, addr));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            };
        }
        URI https = envUri(env, "HTTPS_PROXY");
        URI http = envUri(env, "HTTP_PROXY");
        if (https == null && http == null) return null;
        List<String> noProxy = new ArrayList<>();
        String np = env(env, "NO_PROXY");
        if (np != null) for (String s : np.split(",")) if (!s.isBlank()) noProxy.add(s.trim().toLowerCase(Locale.ROOT));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                URI p = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
                if (p == null || bypass(host, uri.getPort(), noProxy)) return List.of(Proxy.NO_PROXY);
                return List.of(new Proxy(Proxy.Type.HTTP, address(p)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
    }

    /** Credentials of a proxy URL ({@code http://user:pass@proxy:3128}), or null. */
    static Authenticator authenticator(URI proxyUrl) {
        if (proxyUrl == null || proxyUrl.getRawUserInfo() == null) return null;
        String info = proxyUrl.getRawUserInfo();
        int colon = info.indexOf(':');
        String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
        char[] pass = URLDecoder.decode(colon < 0 ? "" : info.substring(colon + 1), StandardCharsets.UTF_8).toCharArray();
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, pass) : null;
            }
        };
    }

    private static boolean bypass(String host, int port, List<String> noProxy) {
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]")) return true;
        for (String rule : noProxy) {
            if (rule.equals("*")) return true;
            String r = rule;
            int colon = r.lastIndexOf(':');
            if (colon > 0 && !r.contains("]") && r.indexOf(':') == colon) {
                if (!r.substring(colon + 1).equals(Integer.toString(port))) continue;
                r = r.substring(0, colon);
            }
            if (r.startsWith("*.")) r = r.substring(1);
            if (r.startsWith(".") ? host.endsWith(r) || host.equals(r.substring(1)) : host.equals(r) || host.endsWith("." + r)) return true;
        }
        return false;
    }

    private static InetSocketAddress address(URI p) {
        int port = p.getPort();
        if (port < 0) port = "https".equalsIgnoreCase(p.getScheme()) ? 443 : 80;
        return InetSocketAddress.createUnresolved(p.getHost(), port);
    }

    private static String env(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) v = env.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static URI envUri(Map<String, String> env, String name) {
        String v = env(env, name);
        if (v == null) return null;
        try {
            URI u = URI.create(v.contains("://") ? v : "http://" + v);
            return u.getHost() == null ? null : u;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
