package io.sluice.gateway.streamapi;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.limits.EffectiveLimits;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.services.SessionGuard;
import io.sluice.gateway.services.SessionLookup;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The gateway's {@link DeliveryGuard}: the request already passed the API's chain (authentication, key validity,
 * access rights incl. {@code allowed_urls}, and the limits as the API's {@link LimitsMode} says), so a connection is
 * admitted as it comes; then
 * <ul>
 *   <li>its key is watched ({@link SessionGuard#watch}): deleted, made inactive (also by a policy) or expired, the
 *       connection is closed within a second with the reason (WebSocket 1008, SSE {@code event: error});</li>
 *   <li>with {@code limits: messages}, every message is admitted against the key's rate limit and quota on this API
 *       ({@link SessionGuard#admit}, the counters requests use): over the rate limit it is skipped for this consumer,
 *       with no quota left the connection is closed ("Quota exceeded"). The allowance is taken from storage in
 *       blocks per node, not per message. A key with neither costs nothing per message; its limits are re-read
 *       every {@value #LIMITS_REFRESH_MILLIS} ms, so a key given a quota later is metered from then on.</li>
 * </ul>
 */
final class StreamGuard implements DeliveryGuard {

    static final long LIMITS_REFRESH_MILLIS = 5_000;
    private static final Future<Verdict> ALLOW = Future.succeededFuture(Verdict.ALLOW);

    /** Told about every admitted connection and its end (template instances stop when they have none). */
    interface Connections {
        void opened();

        void closed();

        Connections NONE = new Connections() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };
    }

    private final String apiId;
    private final Supplier<LimitsMode> mode;
    private final SessionGuard sessionGuard;
    private final SessionLookup sessions;
    private final Connections connections;

    StreamGuard(String apiId, Supplier<LimitsMode> mode, SessionGuard sessionGuard, SessionLookup sessions, Connections connections) {
        this.apiId = apiId;
        this.mode = mode;
        this.sessionGuard = sessionGuard;
        this.sessions = sessions;
        this.connections = connections;
    }

    @Override
    public Future<Session> onConnect(StreamRequest request) {
        Identity identity = request.principal() instanceof StreamCaller caller ? caller.identity() : null;
        connections.opened();
        return Future.succeededFuture(identity == null ? new Keyless() : new Keyed(identity, mode.get()));
    }

    static String reason(SessionGuard.Revocation revocation) {
        return switch (revocation) {
            case DELETED -> "Key has been deleted";
            case INACTIVE -> ErrorMessages.KEY_INACTIVE;
            case EXPIRED -> ErrorMessages.KEY_EXPIRED;
        };
    }

    /** A keyless API: everything passes, nothing closes. */
    private final class Keyless implements Session {
        private final Promise<String> never = Promise.promise();
        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public Future<Verdict> beforeDeliver(int messages) {
            return ALLOW;
        }

        @Override
        public int maxBatch() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Future<String> closeSignal() {
            return never.future();
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                connections.closed();
            }
        }
    }

    private final class Keyed implements Session {
        private final String keyHash;
        private final String alias;
        private final LimitsMode limitsMode;
        private final Promise<String> closed = Promise.promise();
        private final SessionGuard.Watch watch;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean refreshing = new AtomicBoolean();
        private volatile EffectiveLimits limits;
        private volatile long limitsReadAt = System.currentTimeMillis();

        Keyed(Identity identity, LimitsMode limitsMode) {
            this.keyHash = identity.keyHash();
            this.alias = identity.session().alias();
            this.limitsMode = limitsMode;
            this.limits = LimitKeeper.limitsFor(identity.session(), apiId);
            this.watch = sessionGuard.watch(keyHash, revoked -> closed.tryComplete(reason(revoked)));
        }

        @Override
        public int maxBatch() {
            return metered() ? 1 : Integer.MAX_VALUE;
        }

        @Override public String keyHash() { return keyHash; }
        @Override public String alias() { return alias; }

        /** True when every message counts against the key's rate limit or quota. */
        private boolean metered() {
            if (limitsMode == LimitsMode.CONNECTIONS) {
                return false;
            }
            refreshLimitsIfStale();
            EffectiveLimits current = limits;
            return current.rateLimited() || current.quotaLimited();
        }

        @Override
        public Future<Verdict> beforeDeliver(int messages) {
            if (!metered()) {
                return ALLOW;
            }
            Future<Verdict> verdict = admitOne();
            for (int i = 1; i < messages; i++) {
                verdict = verdict.compose(v -> v instanceof Verdict.Allow ? admitOne() : Future.succeededFuture(v));
            }
            return verdict;
        }

        private Future<Verdict> admitOne() {
            return sessionGuard.admit(keyHash, apiId).map(admission -> switch (admission) {
                case SessionGuard.Admission.Allowed allowed -> Verdict.ALLOW;
                case SessionGuard.Admission.Denied denied -> denied.status() == 429
                        ? new Verdict.Skip(denied.reason())
                        : new Verdict.Close(denied.reason());
            });
        }

        private void refreshLimitsIfStale() {
            if (System.currentTimeMillis() - limitsReadAt < LIMITS_REFRESH_MILLIS || !refreshing.compareAndSet(false, true)) {
                return;
            }
            sessions.find(keyHash).onComplete(found -> {
                if (found.succeeded() && found.result().isPresent()) {
                    limits = LimitKeeper.limitsFor(found.result().get().session(), apiId);
                }
                limitsReadAt = System.currentTimeMillis();
                refreshing.set(false);
            });
        }

        @Override
        public Future<String> closeSignal() {
            return closed.future();
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                watch.close();
                connections.closed();
            }
        }
    }
}
