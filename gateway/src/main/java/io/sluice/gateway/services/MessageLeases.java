package io.sluice.gateway.services;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.limits.EffectiveLimits;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.storage.QuotaUsage;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Admits delivered messages against a key's rate limit and quota without a storage call per message.
 *
 * <p>For each key and API, this node takes allowance from the shared counters in blocks (a lease: that many
 * rate-limit hits and quota units, counted in storage at once) and hands it out to all the key's connections here.
 * With Redis storage, one Lua call per message per connection cannot keep up with a broadcast (1,000 subscribers
 * of a 100 msg/s stream are 100,000 calls a second); leases bring that down by the block size.
 *
 * <p>The rules that keep it within the limits: a lease lives at most {@link #LEASE_MILLIS} (and never longer than
 * the rate-limit window), and what it did not hand out by then is given up. Given-up allowance stays counted, so
 * leasing can refuse a message a little early but never admits more than the limits allow, across all nodes. The
 * next block is asked for when a quarter of the current one is left, so under steady demand messages do not wait
 * for storage. Block sizes follow demand: three quarters used before expiry doubles the next block, more than half
 * wasted halves it, always within a tenth of the rate limit, a hundredth of the quota and {@link #MAX_BLOCK}.
 * Small limits therefore still go one message per call, exactly as requests are counted. A refusal is remembered
 * until the rate limit has room again (or {@link #LEASE_MILLIS} for anything else), so an over-limit key costs no
 * storage call per message either. The key is looked up (valid, active, allowed on the API) each time a lease is
 * taken; between leases, revocation is the key watch's job (it closes connections within a second).
 */
final class MessageLeases {

    static final long LEASE_MILLIS = 1_000;
    static final long MAX_BLOCK = 10_000;
    private static final long IDLE_SWEEP_MILLIS = 60_000;

    private final SessionLookup sessions;
    private final LimitKeeper limits;
    private final BiFunction<Identity, String, Optional<SessionGuard.Admission>> refusal;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.currentTimeMillis();

    MessageLeases(SessionLookup sessions, LimitKeeper limits, BiFunction<Identity, String, Optional<SessionGuard.Admission>> refusal) {
        this.sessions = sessions;
        this.limits = limits;
        this.refusal = refusal;
    }

    Future<SessionGuard.Admission> admit(String keyHash, String apiId) {
        Lease lease = leases.computeIfAbsent(keyHash + '\n' + apiId, id -> new Lease());
        long now = System.currentTimeMillis();
        Future<Void> refill;
        Promise<Void> mine = null;
        synchronized (lease) {
            lease.lastUsed = now;
            boolean taken = lease.take(now);
            if (!taken && lease.refusedWith != null && now < lease.refusedUntil) {
                return Future.succeededFuture(lease.refusedWith);
            }
            // A message that found no allowance waits for a refill; one that did still asks for the next block while a
            // quarter of this one is left, so that messages need not wait for it.
            if (lease.refilling == null && (!taken || lease.wantsNext(now))) {
                mine = Promise.promise();
                lease.refilling = mine.future();
                lease.resize(now);
            }
            refill = taken ? null : lease.refilling;
        }
        if (mine != null) {
            // Outside the lock: with memory storage the whole refill completes synchronously.
            Promise<Void> promise = mine;
            refill(lease, keyHash, apiId, now).onComplete(result -> {
                synchronized (lease) {
                    lease.refilling = null;
                }
                promise.handle(result);
            });
        }
        sweepIdle(now);
        if (refill == null) {
            return Future.succeededFuture(ALLOWED);
        }
        // Try again once the new lease is in (or the refusal is known); other messages may take its units first.
        return refill.compose(v -> admit(keyHash, apiId));
    }

    private static final SessionGuard.Admission ALLOWED = new SessionGuard.Admission.Allowed(null, null);

    private Future<Void> refill(Lease lease, String keyHash, String apiId, long now) {
        long block;
        synchronized (lease) {
            block = lease.block;
        }
        return sessions.find(keyHash).compose(found -> {
            Optional<SessionGuard.Admission> refused = refusal.apply(found.orElse(null), apiId);
            if (refused.isPresent()) {
                lease.refuse(refused.get(), now + LEASE_MILLIS);
                return Future.<Void>succeededFuture();
            }
            EffectiveLimits effective = LimitKeeper.limitsFor(found.orElseThrow().session(), apiId);
            LimitKeeper.Window window = effective.rateLimited() ? LimitKeeper.Window.of(effective.rate(), effective.per()) : null;
            long want = blockSize(block, window, effective);
            long lifetime = window == null ? LEASE_MILLIS : Math.min(LEASE_MILLIS, window.millis());
            // The block's life starts before storage counts it, not when the answer arrives: a hit counted at t leaves
            // the window at t + window, and no message may be admitted on it after that.
            long countedFrom = System.currentTimeMillis();
            return limits.takeRateUpTo(keyHash, effective, want).compose(rate -> {
                if (rate != null && rate.granted() == 0) {
                    lease.refuse(new SessionGuard.Admission.Denied(429, ErrorMessages.RATE_LIMITED),
                            Math.min(Math.max(rate.resetEpochMillis(), now + 1), now + LEASE_MILLIS));
                    return Future.<Void>succeededFuture();
                }
                long units = rate == null ? want : rate.granted();
                return takeQuota(keyHash, effective, units).map(quota -> {
                    if (quota == 0) {
                        lease.refuse(new SessionGuard.Admission.Denied(403, ErrorMessages.QUOTA_EXCEEDED), now + LEASE_MILLIS);
                    } else {
                        lease.grant(quota, countedFrom + lifetime);
                    }
                    return (Void) null;
                });
            });
        }).recover(e -> {
            if (e instanceof SessionLookup.UnusableSessionException) {
                lease.refuse(new SessionGuard.Admission.Denied(403, ErrorMessages.ACCESS_DISALLOWED), now + LEASE_MILLIS);
                return Future.succeededFuture();
            }
            return Future.failedFuture(e);
        });
    }

    private static long blockSize(long block, LimitKeeper.Window window, EffectiveLimits effective) {
        long want = Math.min(block, MAX_BLOCK);
        if (window != null) want = Math.min(want, Math.max(1, window.hits() / 10));
        if (effective.quotaLimited()) want = Math.min(want, Math.max(1, effective.quotaMax() / 100));
        return want;
    }

    /** Takes up to {@code units} from the quota: all of them, or what is left when fewer remain; the count taken. */
    private Future<Long> takeQuota(String keyHash, EffectiveLimits effective, long units) {
        if (!effective.quotaLimited()) {
            return Future.succeededFuture(units);
        }
        return limits.takeQuota(keyHash, effective, units).compose((QuotaUsage quota) -> {
            if (quota.allowed()) {
                return Future.succeededFuture(units);
            }
            long left = Math.min(units, quota.remaining());
            if (left <= 0) {
                return Future.succeededFuture(0L);
            }
            return limits.takeQuota(keyHash, effective, left).map(again -> again.allowed() ? left : 0L);
        });
    }

    private void sweepIdle(long now) {
        if (now - lastSweep < IDLE_SWEEP_MILLIS) {
            return;
        }
        lastSweep = now;
        leases.entrySet().removeIf(e -> {
            Lease l = e.getValue();
            synchronized (l) {
                return l.refilling == null && now - l.lastUsed > IDLE_SWEEP_MILLIS;
            }
        });
    }

    /**
     * This node's allowance for one key on one API: the block in use and, once asked for ahead of time, the next
     * one. Each block keeps its own expiry, so no message is admitted on a block older than its lifetime. Guarded
     * by itself.
     */
    private static final class Lease {
        long left;            // messages the current block may still admit
        long issued;          // how many it started with
        long expiresAt;       // 0: none
        long nextLeft;        // the block asked for ahead of time
        long nextIssued;
        long nextExpiresAt;
        long block = 1;       // how many to ask for next time
        SessionGuard.Admission refusedWith;
        long refusedUntil;
        Future<Void> refilling;
        long lastUsed;

        /** Admits one message on the current block, or on the next one once the current is used up or expired. */
        boolean take(long now) {
            if (left <= 0 || now >= expiresAt) {
                if (nextLeft <= 0 || now >= nextExpiresAt) {
                    return false;
                }
                left = nextLeft;
                issued = nextIssued;
                expiresAt = nextExpiresAt;
                nextLeft = 0;
                nextExpiresAt = 0;
            }
            left--;
            return true;
        }

        boolean wantsNext(long now) {
            return issued > 1 && left * 4 <= issued && (nextLeft <= 0 || now >= nextExpiresAt);
        }

        /** Sizes the next block from how the current one goes: nearly used up in time, grow; mostly wasted, shrink. */
        void resize(long now) {
            if (expiresAt == 0) {
                return;
            }
            if (left * 4 <= issued && now < expiresAt) {
                block = Math.min(MAX_BLOCK, block * 2);
            } else if (left * 2 > issued) {
                block = Math.max(1, block / 2);
            }
        }

        synchronized void grant(long units, long until) {
            if (left > 0 && System.currentTimeMillis() < expiresAt) {
                nextLeft = units;
                nextIssued = units;
                nextExpiresAt = until;
            } else {
                left = units;
                issued = units;
                expiresAt = until;
            }
            refusedWith = null;
        }

        /** Remembered until {@code until}; what is left of the current block is still used first. */
        synchronized void refuse(SessionGuard.Admission admission, long until) {
            refusedWith = admission;
            refusedUntil = until;
        }
    }
}
