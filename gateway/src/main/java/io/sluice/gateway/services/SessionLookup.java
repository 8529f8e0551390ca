package io.sluice.gateway.services;

import io.sluice.gateway.policy.PolicyApplicationException;
import io.sluice.gateway.policy.PolicyRegistry;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.storage.KeyStore;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Loads a key's session and applies its policies, as every authentication method and the stream guard need it.
 * Policies are applied on each load so a changed policy takes effect for all its keys at once.
 */
public final class SessionLookup {

    /** The stored session exists but its policies cannot be applied to it. */
    public static final class UnusableSessionException extends RuntimeException {
        public UnusableSessionException(String message) {
            super(message, null, false, false);
        }
    }

    private final KeyStore keys;
    private final PolicyRegistry policies;

    public SessionLookup(KeyStore keys, PolicyRegistry policies) {
        this.keys = keys;
        this.policies = policies;
    }

    public Future<Optional<Identity>> find(String keyHash) {
        return keys.find(keyHash).map(stored -> stored.map(session -> new Identity(keyHash, effective(session))));
    }

    /** The first of {@code keyHashes} that has a session (they are tried in order, see {@code KeyHasher.lookupIds}). */
    public Future<Optional<Identity>> findFirst(List<String> keyHashes) {
        return findFrom(keyHashes, 0);
    }

    private Future<Optional<Identity>> findFrom(List<String> keyHashes, int index) {
        if (index >= keyHashes.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        return find(keyHashes.get(index)).compose(found -> found.isPresent()
                ? Future.succeededFuture(found) : findFrom(keyHashes, index + 1));
    }

    public Session effective(Session stored) {
        try {
            return policies.merger().apply(stored);
        } catch (PolicyApplicationException e) {
            throw new UnusableSessionException(e.getMessage());
        }
    }
}
