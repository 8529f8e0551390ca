package io.sluice.core.message;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-message attachments that follow a part and all its copies through a pipeline (for example the
 * store a {@code sync_response} output writes into, or a request's context variables).
 */
public final class PartContext {
    private final ConcurrentHashMap<Class<?>, Object> values = new ConcurrentHashMap<>();

    public <T> T get(Class<T> key) {
        return key.cast(values.get(key));
    }

    public <T> void put(Class<T> key, T value) {
        values.put(key, value);
    }

    public <T> T computeIfAbsent(Class<T> key, Function<Class<?>, T> factory) {
        return key.cast(values.computeIfAbsent(key, factory::apply));
    }
}
