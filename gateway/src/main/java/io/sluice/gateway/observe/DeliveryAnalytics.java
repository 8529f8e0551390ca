package io.sluice.gateway.observe;

import io.sluice.gateway.streaming.edge.DeliveryRecorder;
import io.sluice.gateway.streaming.hub.HubMessage;

/** Analytics records of delivered stream batches: the {@link DeliveryRecorder} the gateway hands to stream APIs. */
public final class DeliveryAnalytics {

    private DeliveryAnalytics() {
    }

    /** Records through the analytics writer, sampled at {@code sampleRate}; key hashes as the request records have them. */
    public static DeliveryRecorder recorder(AnalyticsWriter writer, double sampleRate, boolean keysHashed) {
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
