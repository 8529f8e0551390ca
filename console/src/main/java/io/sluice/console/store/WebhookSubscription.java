package io.sluice.console.store;

import java.util.List;

/** An app's webhook subscription: where to deliver, the secret to sign with, and which event types. */
public record WebhookSubscription(String id, String appId, String url, String secret, List<String> events, boolean active,
                           long createdAt) {

    public WebhookSubscription {
        events = List.copyOf(events);
    }

    public boolean wants(String eventType) {
        return active && (events.contains(eventType) || events.contains("*"));
    }
}
