package io.sluice.console.store;

import java.util.List;

/**
 * An API product of the developer portal: one API, the policy the keys issued for it get, the documentation the
 * catalogue shows, and (for async APIs) the webhook events developers may subscribe to.
 */
public record Product(String id, String name, String description, String apiId, String policyId, boolean published,
                      boolean webhooksEnabled, List<String> events, String exampleMessage, long createdAt) {

    public Product {
        events = List.copyOf(events);
    }

    public Product withId(String newId, long created) {
        return new Product(newId, name, description, apiId, policyId, published, webhooksEnabled, events, exampleMessage, created);
    }
}
