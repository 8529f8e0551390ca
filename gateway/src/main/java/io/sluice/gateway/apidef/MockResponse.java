package io.sluice.gateway.apidef;

import java.util.List;

/** A canned answer for an operation, served instead of calling the upstream. */
public record MockResponse(int code, String body, List<HeaderTransform.Header> headers) {
}
