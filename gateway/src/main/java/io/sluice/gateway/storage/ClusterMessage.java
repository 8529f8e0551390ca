package io.sluice.gateway.storage;

/**
 * A notification between gateway nodes sharing one storage (Tyk's cluster notifications):
 * a key saved (with its session as payload, so receivers need no extra read and see changes in order) or deleted,
 * policies changed, or a reload of the API definitions.
 */
public record ClusterMessage(Kind kind, String subject, String origin, String payload) {

    public enum Kind { KEY_SAVED, KEY_DELETED, POLICIES_CHANGED, RELOAD }

    public ClusterMessage(Kind kind, String subject, String origin) {
        this(kind, subject, origin, null);
    }
}
