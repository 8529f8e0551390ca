package io.sluice.gateway.auth;

/** A refused credential: the status and Tyk-style message the client gets. Carries no stack trace; it is not a bug. */
public final class AuthFailure extends RuntimeException {

    private final int status;

    public AuthFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
