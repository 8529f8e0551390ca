package io.sluice.console.store;

/** A key issued to an app for a product; the key lives in the gateway's storage, only its hash is kept here. */
public record AppKey(String id, String appId, String productId, String keyHash, long createdAt) {
}
