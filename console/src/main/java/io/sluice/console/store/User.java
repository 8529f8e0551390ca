package io.sluice.console.store;

import java.util.Locale;

/** A person who logs in: an API owner on the dashboard ({@link Role#ADMIN}) or a developer on the portal. */
public record User(String id, String email, String passwordHash, Role role, long createdAt) {

    public enum Role {
        ADMIN, DEVELOPER;

        String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Role fromStored(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }
}
