package io.sluice.gateway.streaming.hub;

/**
 * How a hub behaves.
 *
 * @param mode       broadcast (everyone gets everything) or shared (competing consumers)
 * @param bufferSize broadcast: how many messages one subscriber may lag behind before {@code slowConsumer} applies;
 *                   shared: how many unclaimed messages the queue holds before {@code publish} waits
 * @param slowConsumer broadcast only: drop the lagging subscriber's oldest messages, or disconnect it
 * @param retain     broadcast only: how many of the newest messages are kept for subscribers that resume after an id
 *                   (SSE {@code Last-Event-ID}, {@code ?last_event_id=}); 0 disables resuming
 */
public record HubSettings(DeliveryMode mode, int bufferSize, SlowConsumerPolicy slowConsumer, int retain) {

    public HubSettings {
        if (mode == null) throw new IllegalArgumentException("mode is required");
        if (slowConsumer == null) throw new IllegalArgumentException("slowConsumer is required");
        if (bufferSize < 1) throw new IllegalArgumentException("buffer size must be at least 1, got " + bufferSize);
        if (retain < 0) throw new IllegalArgumentException("retain must not be negative, got " + retain);
    }

    public static HubSettings broadcast(int bufferSize, SlowConsumerPolicy policy, int retain) {
        return new HubSettings(DeliveryMode.BROADCAST, bufferSize, policy, retain);
    }

    public static HubSettings shared(int bufferSize) {
        return new HubSettings(DeliveryMode.SHARED, bufferSize, SlowConsumerPolicy.DROP_OLDEST, 0);
    }
}
