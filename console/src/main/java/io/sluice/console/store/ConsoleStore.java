package io.sluice.console.store;

import java.util.List;
import java.util.Optional;

/**
 * Everything the dashboard and the portal keep: users, the portal catalogue, apps and their keys, webhook subscriptions,
 * events and their deliveries. One implementation ({@link JdbcConsoleStore}) serves PostgreSQL and the embedded H2
 * file; both pass the same contract tests. Calls block: callers run them on virtual threads, never on an event loop.
 */
public interface ConsoleStore extends AutoCloseable {

    // ---- settings ----

    /** Stores {@code value} under {@code name} unless a value is there already; returns the stored one. */
    String settingOrPut(String name, String value);

    // ---- users ----

    /** @throws DuplicateException when the email is taken (emails compare case-insensitively) */
    User createUser(String email, String passwordHash, User.Role role);

    Optional<User> userByEmail(String email);

    void updatePassword(String userId, String passwordHash);

    // ---- catalogue ----

    /** Inserts a product without an id (one is given), or replaces the one with its id. */
    Product saveProduct(Product product);

    List<Product> products();

    Optional<Product> product(String id);

    boolean deleteProduct(String id);

    // ---- apps and keys ----

    App createApp(String ownerId, String name);

    List<App> appsOf(String ownerId);

    Optional<App> app(String id);

    AppKey addKey(String appId, String productId, String keyHash);

    List<AppKey> keysOf(String appId);

    // ---- webhook subscriptions ----

    WebhookSubscription createSubscription(String appId, String url, String secret, List<String> events);

    List<WebhookSubscription> subscriptionsOf(String appId);

    Optional<WebhookSubscription> subscription(String id);

    boolean deleteSubscription(String id);

    // ---- events and deliveries ----

    /**
     * Stores events of one type and, in the same transaction, a pending delivery of each to every active subscription
     * that wants the type. Returns the new events' ids. Once this returns the events are durable: the caller may
     * acknowledge them.
     */
    List<String> recordEvents(String eventType, List<String> bodies, long now);

    /** Pending deliveries due at {@code now} and not claimed by a sender, oldest first. */
    List<Outbound> dueDeliveries(long now, int limit);

    /** Subscriptions with deliveries due at {@code now}, the longest waiting first: one sender lane each. */
    List<String> subscriptionsWithDueDeliveries(long now, int limit);

    /** One subscription's due, unclaimed deliveries, oldest first. */
    List<Outbound> dueDeliveriesOf(String subscriptionId, long now, int limit);

    /**
     * Claims a due delivery for one sender until {@code until}; false when another sender holds it or it is no longer
     * pending. Two gateway nodes on one database never send the same attempt twice.
     */
    boolean claim(String deliveryId, long now, long until);

    /** Gives a claimed delivery back untried (the sender is shutting down), so another sender may take it at once. */
    void releaseClaim(String deliveryId);

    /** Logs an attempt and settles the delivery: delivered, due again at {@code retryAt}, or dead when it is -1. */
    void recordAttempt(Attempt attempt, boolean delivered, long retryAt);

    /** The subscription's deliveries, newest first (the delivery log). */
    List<Delivery> deliveriesOf(String subscriptionId, int limit);

    /** The subscription's dead letters, oldest first. */
    List<Delivery> deadLetters(String subscriptionId);

    List<Attempt> attemptsOf(String deliveryId);

    /** Makes dead deliveries of the subscription pending again, due now, for a new round of attempts; returns how many. */
    int replayDeadLetters(String subscriptionId, long now);

    /** The earliest {@code next_attempt_at} of any pending delivery, or -1: when the sender should look again. */
    long nextDueAt();

    @Override
    void close();
}
