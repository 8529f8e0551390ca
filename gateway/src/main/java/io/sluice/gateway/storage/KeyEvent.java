package io.sluice.gateway.storage;

import io.sluice.gateway.session.Session;

/** A change to a stored key, seen by every gateway node that shares the storage. */
public sealed interface KeyEvent {

    String keyHash();

    record Saved(String keyHash, Session session) implements KeyEvent {
    }

    record Deleted(String keyHash) implements KeyEvent {
    }
}
