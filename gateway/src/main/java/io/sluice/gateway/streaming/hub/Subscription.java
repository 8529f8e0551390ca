package io.sluice.gateway.streaming.hub;

import java.util.List;

/**
 * One subscriber's view of a hub. Non-blocking and safe to call from any single thread at a time (the edge calls it
 * from the connection's event loop). The hub calls the subscriber's {@code onAvailable} callback when there may be
 * something new to {@link #poll}, or when the subscription was ended by the hub ({@link #closeReason()}).
 */
public interface Subscription extends AutoCloseable {

    /**
     * Takes up to {@code max} messages in id order, or none. Broadcast: the messages after the last one taken.
     * Shared: at least one whole batch when any is queued (a batch is never split between consumers), then whole
     * batches while they fit in {@code max}.
     */
    List<HubMessage> poll(int max);

    /**
     * Gives messages taken by {@link #poll} back because they could not be delivered (e.g. the host refused them for
     * this consumer): shared hubs put them back at the front of the queue for another consumer; broadcast hubs ignore
     * the call (every other subscriber has its own copy).
     */
    void release(List<HubMessage> messages);

    /** Messages this subscriber lost to the drop-oldest policy, plus those that had left the window when it resumed. */
    long dropped();

    /** Messages that had left the retained window when this subscription resumed after an id (part of {@link #dropped()}). */
    long missedOnResume();

    /** Id of the last message taken, 0 before the first. */
    long lastTakenId();

    /** Non-null once the hub ended this subscription: the subscriber was too slow, or the hub closed. */
    String closeReason();

    /** True when {@link #closeReason()} is set because the subscriber fell too far behind. */
    boolean slowConsumer();

    /**
     * True when {@link #closeReason()} is set because this node cannot serve the stream for now (a cluster node that
     * lost Redis): the consumer should resume, with its last id, on another node or later.
     */
    default boolean unavailable() {
        return false;
    }

    /** Detaches from the hub. Idempotent. */
    @Override
    void close();
}
