package io.sluice.connectors.http;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Words for what went wrong: status lines, response excerpts and connection failures. */
final class Statuses {
    private Statuses() {
    }

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"), Map.entry(101, "Switching Protocols"),
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(203, "Non-Authoritative Information"),
            Map.entry(204, "No Content"), Map.entry(205, "Reset Content"), Map.entry(206, "Partial Content"),
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"),
            Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(407, "Proxy Authentication Required"), Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"), Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(414, "Request URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(416, "Requested Range Not Satisfiable"), Map.entry(417, "Expectation Failed"), Map.entry(418, "I'm a teapot"),
            Map.entry(422, "Unprocessable Entity"), Map.entry(423, "Locked"), Map.entry(425, "Too Early"), Map.entry(426, "Upgrade Required"),
            Map.entry(428, "Precondition Required"), Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(451, "Unavailable For Legal Reasons"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"), Map.entry(505, "HTTP Version Not Supported"),
            Map.entry(507, "Insufficient Storage"), Map.entry(508, "Loop Detected"), Map.entry(511, "Network Authentication Required"));

    /** "503 Service Unavailable" (the JDK client does not expose the server's reason phrase). */
    static String line(int code) {
        String reason = REASONS.get(code);
        return reason == null ? Integer.toString(code) : code + " " + reason;
    }

    /** The start of a response body on one line, for error messages. */
    static String bodyExcerpt(byte[] body) {
        if (body == null || body.length == 0) return "(empty body)";
        String s = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).replace("\r", "").replace("\n", " ").trim();
        return body.length > 512 ? s + "…" : s;
    }

    /** A connection-level failure in words, with a hint at the field to check. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) return "timed out while connecting (timeout)";
            if (t instanceof HttpTimeoutException) return "no response within the timeout (timeout)";
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) return "unknown host (check url)";
            if (t instanceof NoRouteToHostException) return "no route to host (check url)";
            if (t instanceof ConnectException) {
                String m = deepestMessage(t);
                return "cannot connect" + (m == null ? "" : ": " + m) + " (is the server up? check url)";
            }
            if (t instanceof SSLException) return "TLS failed: " + deepestMessage(t) + " (check tls)";
        }
        String m = deepestMessage(e);
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static String deepestMessage(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause()) if (t.getMessage() != null && !t.getMessage().isBlank()) m = t.getMessage();
        return m;
    }

    /** True when a failure is a timeout waiting for the server. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof HttpTimeoutException) return true;
        return false;
    }
}
