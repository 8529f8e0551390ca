package io.sluice.gateway.apidef;

/** The path prefix an API is served under, and whether it is removed before proxying. */
public record ListenPath(String value, boolean strip) {

    /** The prefix without a trailing slash ("" for "/"), which is what request paths are compared against. */
    public String base() {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** "/api/" serves "/api", "/api/" and "/api/x", but not "/apix". */
    public boolean matches(String path) {
        String base = base();
        return base.isEmpty() || path.equals(base) || path.startsWith(base + "/");
    }
}
