package io.sluice.gateway.observe;

import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.hub.HubMessage;

import java.util.List;

/**
 * Hears of each batch written to a stream consumer, for analytics records (one per delivered batch per consumer
 * connection). Called on the connection's event loop: it must only queue.
 */
public interface DeliveryRecorder {

    void delivered(String streamName, String kind, DeliveryGuard.Session session, List<HubMessage> batch);

    /** Records through the analytics writer, sampled at {@code sampleRate}; key hashes as the request records have them. */
    static DeliveryRecorder of(AnalyticsWriter writer, double sampleRate, boolean keysHashed) {
        return (streamName, kind, session, batch) -> {
            int slash = streamName.indexOf('/');
            long bytes = 0;
            for (HubMessage m : batch) bytes += m.body().length;
            String key = session.keyHash();
            if (key != null && !keysHashed) key = RequestObserver.sha256(key);
            writer.delivery(slash > 0 ? streamName.substring(0, slash) : "", streamName, kind, key, session.alias(),
                    batch.size(), bytes, sampleRate);
        };
    }
}
