package io.sluice.connectors.http;

import java.io.IOException;
import java.net.http.HttpHeaders;

/** The server answered, with a status that does not count as success. */
final class UnexpectedResponseException extends IOException {
    private final int code;
    private final transient HttpHeaders headers;
    private final byte[] body;

    UnexpectedResponseException(String method, String url, int code, HttpHeaders headers, byte[] body) {
        super(method + " " + url + ": the server answered " + Statuses.line(code) + ": " + Statuses.bodyExcerpt(body));
        this.code = code;
        this.headers = headers;
        this.body = body;
    }

    int code() {
        return code;
    }

    HttpHeaders headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }
}
