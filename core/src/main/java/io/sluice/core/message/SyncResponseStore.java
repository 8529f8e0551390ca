package io.sluice.core.message;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reply to the publisher of a message, collected while the message travels. An input that can answer (the
 * {@code http_server} input) puts one store in the {@link PartContext} of every part it reads; the store follows the
 * parts and their copies through the pipeline, and the input reads it once the message was acknowledged.
 *
 * <p>Any component may add to it: the {@code sync_response} output and processor store the message itself, the
 * {@code http_client} output with {@code propagate_response} stores the answers of the server. It lives in the core so
 * that connectors can write replies without depending on the module of the input. Thread-safe: pipeline threads and
 * output writers may add at once.
 */
public final class SyncResponseStore {
    private final List<Part> parts = new ArrayList<>();

    /** Adds copies of the parts, in order. */
    public synchronized void add(List<Part> result) {
        for (Part p : result) parts.add(p.copy());
    }

    /** Everything stored so far, in the order it was stored. */
    public synchronized List<Part> parts() {
        return List.copyOf(parts);
    }

    public synchronized boolean isEmpty() {
        return parts.isEmpty();
    }

    /**
     * Stores each part of {@code batch} in the store of its own message (parts of different requests may share a
     * batch after batching). Parts from inputs that cannot answer have no store and are ignored, as in the dialect.
     */
    public static void storeAll(Batch batch) {
        Map<SyncResponseStore, List<Part>> byStore = new IdentityHashMap<>();
        for (Part p : batch) {
            SyncResponseStore store = p.context().get(SyncResponseStore.class);
            if (store != null) byStore.computeIfAbsent(store, k -> new ArrayList<>()).add(p);
        }
        byStore.forEach(SyncResponseStore::add);
    }
}
