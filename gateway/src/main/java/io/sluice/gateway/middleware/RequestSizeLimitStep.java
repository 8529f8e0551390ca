package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;

/**
 * Refuses bodies larger than {@code requestSizeLimit}: at once when Content-Length says so, and while streaming
 * for chunked bodies (the proxy stops forwarding and answers 400).
 */
public final class RequestSizeLimitStep implements Step {

    private final long maxBytes;

    public RequestSizeLimitStep(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        String length = exchange.request().getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    exchange.fail(400, ErrorMessages.REQUEST_TOO_LARGE);
                    return;
                }
            } catch (NumberFormatException e) {
                exchange.fail(400, "Invalid Content-Length");
                return;
            }
        }
        exchange.bodyLimit(maxBytes);
        next.proceed();
    }
}
