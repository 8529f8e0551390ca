package io.sluice.console.auth;

import io.sluice.gateway.storage.LimitCounters;
import io.vertx.core.Future;

import java.util.Locale;

/**
 * Limits login attempts, counted in the gateway's own rate-limit counters (a sliding log, shared by all nodes when the
 * gateway uses Redis): per account, so a password cannot be guessed by spreading tries over many addresses, and per
 * client address, so one client cannot try many accounts. Every attempt counts, so the limit is known before the (slow,
 * on purpose) password check runs; a successful login clears both counts ({@link #succeeded}), so only failures add up.
 */
public final class LoginThrottle {

    /** Seconds to wait, or 0 when the attempt may go ahead. */
    public record Verdict(long retryAfterSeconds) {
        public boolean allowed() {
            return retryAfterSeconds == 0;
        }
    }

    private final LimitCounters counters;
    private final String scope;
    private final long perAccount;
    private final long perAddress;
    private final long windowMillis;

    /**
     * @param scope        keeps the dashboard's and the portal's counters apart
     * @param perAccount   attempts per account within the window
     * @param perAddress   attempts per client address within the window
     */
    public LoginThrottle(LimitCounters counters, String scope, long perAccount, long perAddress, long windowMillis) {
        this.counters = counters;
        this.scope = scope;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.windowMillis = windowMillis;
    }

    public Future<Verdict> attempt(String email, String address) {
        String account = accountBucket(email);
        String client = addressBucket(address);
        return counters.hit(account, perAccount, windowMillis).compose(byAccount ->
                counters.hit(client, perAddress, windowMillis).map(byAddress -> {
                    long now = System.currentTimeMillis();
                    long wait = 0;
                    if (!byAccount.allowed()) {
                        wait = Math.max(wait, byAccount.resetEpochMillis() - now);
                    }
                    if (!byAddress.allowed()) {
                        wait = Math.max(wait, byAddress.resetEpochMillis() - now);
                    }
                    return new Verdict(wait <= 0 && byAccount.allowed() && byAddress.allowed() ? 0 : Math.max(1, (wait + 999) / 1000));
                }));
    }

    /** A correct password: the account and the address start afresh. */
    public Future<Void> succeeded(String email, String address) {
        return counters.resetRate(accountBucket(email)).compose(v -> counters.resetRate(addressBucket(address)));
    }

    private String accountBucket(String email) {
        return "console-login:" + scope + ":account:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private String addressBucket(String address) {
        return "console-login:" + scope + ":address:" + address;
    }
}
