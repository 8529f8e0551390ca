package io.sluice.core.component;

import java.time.Duration;
import java.util.Optional;

/** A key/value store resource used by the cache, cached and dedupe processors. */
public interface Cache extends AutoCloseable {

    Optional<byte[]> get(String key) throws Exception;

    /** Stores {@code value}; {@code ttl} null means the cache's default. */
    void set(String key, byte[] value, Duration ttl) throws Exception;

    /** Stores only when the key is absent; returns false when it already existed. */
    boolean add(String key, byte[] value, Duration ttl) throws Exception;

    void delete(String key) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
