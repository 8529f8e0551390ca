package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** URL and query string parsing with the rules of Go's {@code net/url}. */
final class ParsingMethodsUrl {

    private ParsingMethodsUrl() {
    }

    private enum Mode { PATH, HOST, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT }

    /** {@code url.Parse} reported as the original's object. */
    static Map<String, Object> parse(String raw) {
        String fullUrl = raw;
        String frag = null;
        int hash = raw.indexOf('#');
        if (hash >= 0) {
            frag = raw.substring(hash + 1);
            raw = raw.substring(0, hash);
        }
        String rawUrl = raw;
        for (int i = 0; i < rawUrl.length(); i++) {
            char c = rawUrl.charAt(i);
            if (c < 0x20 || c == 0x7f) throw new QueryException("parse " + Values.goQuote(rawUrl) + ": net/url: invalid control character in URL");
        }
        String scheme = "";
        String opaque = "";
        String host = "";
        String path = "";
        String rawPath = "";
        String rawQuery = "";
        Map<String, Object> user = null;
        String rest = raw;
        if (!raw.equals("*")) {
            // scheme
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
                if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                    if (i == 0) break;
                    continue;
                }
                if (c == ':') {
                    if (i == 0) throw new QueryException("parse " + Values.goQuote(rawUrl) + ": missing protocol scheme");
                    scheme = raw.substring(0, i).toLowerCase(Locale.ROOT);
                    rest = raw.substring(i + 1);
                }
                break;
            }
            if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
                rest = rest.substring(0, rest.length() - 1);
            } else {
                int q = rest.indexOf('?');
                if (q >= 0) {
                    rawQuery = rest.substring(q + 1);
                    rest = rest.substring(0, q);
                }
            }
            boolean done = false;
            if (!rest.startsWith("/")) {
                if (!scheme.isEmpty()) {
                    opaque = rest;
                    done = true;
                } else {
                    int colon = rest.indexOf(':');
                    int slash = rest.indexOf('/');
                    if (colon >= 0 && (slash < 0 || colon < slash)) {
                        throw new QueryException("parse " + Values.goQuote(rawUrl) + ": first path segment in URL cannot contain colon");
                    }
                }
            }
            if (!done) {
                if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
                    String authority = rest.substring(2);
                    rest = "";
                    int slash = authority.indexOf('/');
                    if (slash >= 0) {
                        rest = authority.substring(slash);
                        authority = authority.substring(0, slash);
                    }
                    int at = authority.lastIndexOf('@');
                    host = parseHost(at < 0 ? authority : authority.substring(at + 1), rawUrl);
                    if (at >= 0) {
                        String userinfo = authority.substring(0, at);
                        user = new LinkedHashMap<>();
                        int colon = userinfo.indexOf(':');
                        if (colon < 0) {
                            user.put("name", unescape(userinfo, Mode.USER_PASSWORD, rawUrl));
                        } else {
                            user.put("name", unescape(userinfo.substring(0, colon), Mode.USER_PASSWORD, rawUrl));
                            user.put("password", unescape(userinfo.substring(colon + 1), Mode.USER_PASSWORD, rawUrl));
                        }
                    }
                }
                path = unescape(rest, Mode.PATH, rawUrl);
                rawPath = escape(path, Mode.PATH).equals(rest) ? "" : rest;
            }
        } else {
            path = "*";
        }
        String fragment = "";
        String rawFragment = "";
        if (frag != null) {
            fragment = unescape(frag, Mode.FRAGMENT, fullUrl);
            rawFragment = escape(fragment, Mode.FRAGMENT).equals(frag) ? "" : frag;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scheme", scheme);
        out.put("opaque", opaque);
        out.put("host", host);
        out.put("path", path);
        out.put("raw_path", rawPath);
        out.put("raw_query", rawQuery);
        out.put("fragment", fragment);
        out.put("raw_fragment", rawFragment);
        if (user != null) out.put("user", user);
        return out;
    }

    private static String parseHost(String host, String rawUrl) {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) throw new QueryException("parse " + Values.goQuote(rawUrl) + ": missing ']' in host");
            String port = host.substring(close + 1);
            if (!port.isEmpty() && !validPort(port)) {
                throw new QueryException("parse " + Values.goQuote(rawUrl) + ": invalid port " + Values.goQuote(port) + " after host");
            }
            return host;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            String port = host.substring(colon);
            if (!validPort(port)) throw new QueryException("parse " + Values.goQuote(rawUrl) + ": invalid port " + Values.goQuote(port) + " after host");
        }
        return unescape(host, Mode.HOST, rawUrl);
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.charAt(0) != ':') return false;
        for (int i = 1; i < port.length(); i++) if (port.charAt(i) < '0' || port.charAt(i) > '9') return false;
        return true;
    }

    static String unescape(String s, Mode mode, String rawUrl) {
        if (s.indexOf('%') < 0 && (mode != Mode.QUERY_COMPONENT || s.indexOf('+') < 0)) return s;
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                if (i + 2 >= in.length || Character.digit(in[i + 1], 16) < 0 || Character.digit(in[i + 2], 16) < 0) {
                    String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
                    String msg = "invalid URL escape " + Values.goQuote(bad);
                    throw new QueryException(rawUrl == null ? msg : "parse " + Values.goQuote(rawUrl) + ": " + msg);
                }
                out.write(Character.digit(in[i + 1], 16) << 4 | Character.digit(in[i + 2], 16));
                i += 2;
            } else if (b == '+' && mode == Mode.QUERY_COMPONENT) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean shouldEscape(int c, Mode mode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
        if (mode == Mode.HOST && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) return false;
        if ("-_.~".indexOf(c) >= 0) return false;
        if ("$&+,/:;=?@".indexOf(c) >= 0) {
            return switch (mode) {
                case PATH -> c == '?';
                case USER_PASSWORD -> c == '@' || c == '/' || c == '?' || c == ':';
                case QUERY_COMPONENT -> true;
                case FRAGMENT -> false;
                case HOST -> true;
            };
        }
        if (mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0) return false;
        return true;
    }

    private static String escape(String s, Mode mode) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (shouldEscape(c, mode)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** {@code url.ParseQuery}: repeated keys become arrays. */
    static Map<String, Object> parseQuery(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String firstError = null;
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) continue;
            if (part.indexOf(';') >= 0) {
                if (firstError == null) firstError = "invalid semicolon separator in query";
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            try {
                key = unescape(key, Mode.QUERY_COMPONENT, null);
                value = unescape(value, Mode.QUERY_COMPONENT, null);
            } catch (QueryException e) {
                if (firstError == null) firstError = e.getMessage();
                continue;
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        if (firstError != null) throw new QueryException("failed to parse value as url-encoded data: " + firstError);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            out.put(e.getKey(), e.getValue().size() == 1 ? e.getValue().get(0) : new ArrayList<Object>(e.getValue()));
        }
        return out;
    }
}
