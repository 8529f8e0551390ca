package io.sluice.connectors.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request being put together: method, URL, headers and body. Auth signers read and change it
 * (OAuth 1 signs the method, URL and form body) before it becomes a JDK {@code HttpRequest}.
 */
final class RequestDraft {
    final String method;
    final URI uri;
    final byte[] body;
    /** Header name/value pairs in the order they were added; names compare case-insensitively. */
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();

    RequestDraft(String method, URI uri, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.body = body;
    }

    void add(String name, String value) {
        headers.add(Map.entry(name, value));
    }

    /** Replaces every value of {@code name}. */
    void set(String name, String value) {
        remove(name);
        add(name, value);
    }

    void remove(String name) {
        headers.removeIf(e -> e.getKey().equalsIgnoreCase(name));
    }

    /** The first value of {@code name}, or null. */
    String first(String name) {
        for (Map.Entry<String, String> e : headers) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    boolean has(String name) {
        return first(name) != null;
    }

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The media type of the body, lower case and without parameters, or "". */
    String mediaType() {
        String ct = first("Content-Type");
        if (ct == null) return "";
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
