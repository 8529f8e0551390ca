package io.sluice.console.store;

/** A developer's application: it holds keys for products and webhook subscriptions. */
public record App(String id, String ownerId, String name, long createdAt) {
}
