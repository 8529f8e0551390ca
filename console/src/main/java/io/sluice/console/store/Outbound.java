package io.sluice.console.store;

/** A due delivery with what sending it needs: the subscriber's URL and secret, and the event body. */
public record Outbound(Delivery delivery, String url, String secret, String body) {
}
