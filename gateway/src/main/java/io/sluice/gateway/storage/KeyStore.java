package io.sluice.gateway.storage;

import io.sluice.gateway.session.Session;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Sessions by key hash (or by raw key when {@code hash_keys} is off). Never blocks the caller. */
public interface KeyStore {

    Future<Optional<Session>> find(String keyHash);

    Future<Void> save(String keyHash, Session session);

    /** Completes with false when there was no such key. */
    Future<Boolean> delete(String keyHash);

    Future<List<String>> list();

    /** Told about every save and delete, including those made by other nodes on the same storage. */
    void addListener(Consumer<KeyEvent> listener);
}
