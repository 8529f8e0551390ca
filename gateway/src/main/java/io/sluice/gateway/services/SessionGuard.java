package io.sluice.gateway.services;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.storage.KeyEvent;
import io.sluice.gateway.storage.KeyStore;
import io.sluice.gateway.storage.QuotaUsage;
import io.sluice.gateway.storage.RateWindow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The session checks of the request chain, callable outside it, for traffic that is not one request per unit:
 * stream APIs {@link #admit} each delivered message (same key validity, access, rate-limit and quota rules and
 * counters as requests) and {@link #watch} each open connection's key, to close it as soon as the key is deleted,
 * deactivated (directly or by a policy) or expires. Key changes reach the guard through the key store's events,
 * also from other nodes sharing a Redis storage, so a revocation is seen within the notification latency.
 */
public final class SessionGuard {

    /** The outcome of {@link #admit}. */
    public sealed interface Admission {
        record Allowed(RateWindow rate, QuotaUsage quota) implements Admission {
        }

        record Denied(int status, String reason) implements Admission {
        }
    }

    public enum Revocation { DELETED, INACTIVE, EXPIRED }

    /** A registration made by {@link #watch}; closing it stops notifications (and any expiry timer). */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final Vertx vertx;
    private final SessionLookup sessions;
    private final MessageLeases leases;
    // A concurrent set per key: 10,000 connections of one key come and go without copying a list each time.
    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();

    public SessionGuard(Vertx vertx, KeyStore keys, SessionLookup sessions, LimitKeeper limits) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.leases = new MessageLeases(sessions, limits, SessionGuard::refusal);
        keys.addListener(this::keyChanged);
    }

    /**
     * Checks and counts one more unit of traffic (a message) of the key on the API, against the same counters as
     * requests; this node takes the allowance from them in blocks ({@link MessageLeases}). Never blocks.
     */
    public Future<Admission> admit(String keyHash, String apiId) {
        return leases.admit(keyHash, apiId);
    }

    static Optional<Admission> refusal(Identity identity, String apiId) {
        if (identity == null) {
            return Optional.of(new Admission.Denied(403, ErrorMessages.ACCESS_DISALLOWED));
        }
        Session session = identity.session();
        if (session.inactive()) {
            return Optional.of(new Admission.Denied(403, ErrorMessages.KEY_INACTIVE));
        }
        if (session.isExpiredAt(System.currentTimeMillis() / 1000)) {
            return Optional.of(new Admission.Denied(401, ErrorMessages.KEY_EXPIRED));
        }
        if (!session.accessRights().isEmpty() && !session.accessRights().containsKey(apiId)) {
            return Optional.of(new Admission.Denied(403, ErrorMessages.ACCESS_DISALLOWED));
        }
        return Optional.empty();
    }

    /**
     * Calls {@code onRevoked} once, on the caller's Vert.x context, when the key stops being usable. If it already
     * is not (unknown, inactive, expired), the call comes right away.
     */
    public Watch watch(String keyHash, Consumer<Revocation> onRevoked) {
        Watcher watcher = new Watcher(keyHash, onRevoked, Vertx.currentContext());
        // compute() holds the key's bin, so a set emptied by a closing watcher is never removed under a new one
        watchers.compute(keyHash, (k, set) -> {
            Set<Watcher> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(watcher);
            return s;
        });
        sessions.find(keyHash).onComplete(result -> {
            if (result.failed()) {
                return;
            }
            if (result.result().isEmpty()) {
                watcher.revoke(Revocation.DELETED);
            } else {
                watcher.check(result.result().get().session());
            }
        });
        return watcher;
    }

    /** Re-evaluates every watched key, e.g. after policies changed (a policy can make its keys inactive). */
    public void recheckAll() {
        watchers.forEach((keyHash, list) -> sessions.find(keyHash).onSuccess(found -> list.forEach(w -> {
            if (found.isEmpty()) {
                w.revoke(Revocation.DELETED);
            } else {
                w.check(found.get().session());
            }
        })));
    }

    private void keyChanged(KeyEvent event) {
        Set<Watcher> list = watchers.get(event.keyHash());
        if (list == null) {
            return;
        }
        switch (event) {
            case KeyEvent.Deleted deleted -> list.forEach(w -> w.revoke(Revocation.DELETED));
            case KeyEvent.Saved saved -> {
                Session effective;
                try {
                    effective = sessions.effective(saved.session());
                } catch (SessionLookup.UnusableSessionException e) {
                    list.forEach(w -> w.revoke(Revocation.INACTIVE));
                    return;
                }
                list.forEach(w -> w.check(effective));
            }
        }
    }

    private final class Watcher implements Watch {
        private final String keyHash;
        private final Consumer<Revocation> onRevoked;
        private final Context context;
        private volatile boolean done;
        private volatile long expiryTimer = -1;

        Watcher(String keyHash, Consumer<Revocation> onRevoked, Context context) {
            this.keyHash = keyHash;
            this.onRevoked = onRevoked;
            this.context = context;
        }

        void check(Session session) {
            long now = System.currentTimeMillis();
            if (session.inactive()) {
                revoke(Revocation.INACTIVE);
            } else if (session.isExpiredAt(now / 1000)) {
                revoke(Revocation.EXPIRED);
            } else {
                cancelTimer();
                if (session.expires() >= 1) {
                    // Tyk expires a key once the clock passes "expires"; fire just after that second.
                    long delay = Math.max(1, (session.expires() + 1) * 1000 - now);
                    expiryTimer = vertx.setTimer(delay, t -> revoke(Revocation.EXPIRED));
                }
            }
        }

        void revoke(Revocation reason) {
            if (done) {
                return;
            }
            close();
            if (context != null) {
                context.runOnContext(v -> onRevoked.accept(reason));
            } else {
                onRevoked.accept(reason);
            }
        }

        private void cancelTimer() {
            long timer = expiryTimer;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                expiryTimer = -1;
            }
        }

        @Override
        public void close() {
            done = true;
            cancelTimer();
            watchers.computeIfPresent(keyHash, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
