package io.sluice.gateway.streaming.hub;

import java.util.List;

/**
 * The fan-out point between a stream's output and the connections consuming it.
 *
 * <ul>
 *   <li>{@link #publish} gives every message a monotonic id. In {@link DeliveryMode#BROADCAST} mode it never waits for
 *       a subscriber: a subscriber that cannot keep up is handled by its {@link SlowConsumerPolicy}, alone. In
 *       {@link DeliveryMode#SHARED} mode it waits while the queue of unclaimed messages is full (work is not dropped).</li>
 *   <li>{@link #subscribe} attaches a subscriber, optionally resuming after an id it has already seen: the retained
 *       window is replayed without loss or duplicates (broadcast only).</li>
 * </ul>
 *
 * Implementations: {@link InMemoryStreamHub} (one process). A Redis Streams implementation for a cluster of gateways
 * can implement the same contract (ids then need not be consecutive, only increasing).
 */
public interface StreamHub extends AutoCloseable {

    /**
     * Appends the messages, as one batch, in order. Returns the id of the last one (the current last id when empty).
     *
     * @throws IllegalStateException when the hub is closed
     * @throws InterruptedException  when a shared hub was waiting for room and the thread was interrupted
     */
    long publish(List<HubMessage.Draft> batch) throws InterruptedException;

    /**
     * Attaches a subscriber.
     *
     * @param resumeAfter the id of the last message the subscriber already has, or null to start with the next
     *                    published message
     * @param onAvailable called (from the publishing thread, so it must be quick and must not block) when there may be
     *                    messages to poll or when the hub ended the subscription
     */
    Subscription subscribe(Long resumeAfter, Runnable onAvailable);

    /** Id of the newest message, 0 before the first. */
    long lastId();

    HubSettings settings();

    /** Subscribers currently attached. */
    int subscriberCount();

    /** Messages dropped for slow subscribers, summed over all subscribers. */
    long droppedTotal();

    /** Ends every subscription with {@code reason}; later publishes fail. Idempotent. */
    void close(String reason);

    @Override
    default void close() {
        close("stream stopped");
    }
}
