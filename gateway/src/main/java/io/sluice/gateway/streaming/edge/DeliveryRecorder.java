package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.hub.HubMessage;

import java.util.List;

/**
 * Hears of each batch written to a stream consumer, for analytics records (one per delivered batch per consumer
 * connection). Called on the connection's event loop: it must only queue. The gateway's analytics provide one
 * ({@code observe.DeliveryAnalytics}); the stream edge knows only this interface, so it does not depend on them.
 */
public interface DeliveryRecorder {

    void delivered(String streamName, String kind, DeliveryGuard.Session session, List<HubMessage> batch);
}
