package io.sluice.gateway.policy;

/** The key's policies cannot be applied (missing policy, mixed partition kinds, nothing granted). */
public final class PolicyApplicationException extends Exception {
    public PolicyApplicationException(String message) {
        super(message);
    }
}
