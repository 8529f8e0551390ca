package io.sluice.components.processors;

import io.sluice.core.component.Cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A test cache: a map, the TTL of each write, and an optional failure for every call. */
final class MapCache implements Cache {
    final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    final Map<String, Optional<Duration>> ttls = new ConcurrentHashMap<>();
    volatile Exception failure;

    MapCache put(String key, String value) {
        entries.put(key, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    String text(String key) {
        byte[] v = entries.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private void maybeFail() throws Exception {
        if (failure != null) throw failure;
    }

    @Override
    public Optional<byte[]> get(String key) throws Exception {
        maybeFail();
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void set(String key, byte[] value, Duration ttl) throws Exception {
        maybeFail();
        entries.put(key, value);
        ttls.put(key, Optional.ofNullable(ttl));
    }

    @Override
    public boolean add(String key, byte[] value, Duration ttl) throws Exception {
        maybeFail();
        boolean added = entries.putIfAbsent(key, value) == null;
        if (added) ttls.put(key, Optional.ofNullable(ttl));
        return added;
    }

    @Override
    public void delete(String key) throws Exception {
        maybeFail();
        entries.remove(key);
    }
}
