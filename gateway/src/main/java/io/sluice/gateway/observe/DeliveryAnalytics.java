package io.sluice.gateway.observe;

import io.sluice.gateway.streaming.edge.DeliveryRecorder;
import io.sluice.gateway.streaming.hub.HubMessage;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Analytics records of delivered stream batches: the {@link DeliveryRecorder} the gateway hands to stream APIs. */
public final class DeliveryAnalytics {

    private DeliveryAnalytics() {
    }

    /** Records through the analytics writer, sampled at {@code sampleRate}; key hashes as the request records have them. */
    public static DeliveryRecorder recorder(AnalyticsWriter writer, double sampleRate, boolean keysHashed) {
        // The API of a stream ("api/stream"), worked out once per stream name rather than once per delivered batch.
        ConcurrentHashMap<String, String> apiOf = new ConcurrentHashMap<>();
        return (streamName, kind, session, batch) -> {
            String api = apiOf.computeIfAbsent(streamName, DeliveryAnalytics::apiOf);
            String key = session.keyHash();
            if (key != null && !keysHashed) key = RequestObserver.sha256(key);
            writer.delivery(api, streamName, kind, key, session.alias(), batch.size(), bytes(batch), sampleRate);
        };
    }

    private static String apiOf(String streamName) {
        int slash = streamName.indexOf('/');
        return slash > 0 ? streamName.substring(0, slash) : "";
    }

    private static long bytes(List<HubMessage> batch) {
        long bytes = 0;
        for (HubMessage m : batch) bytes += m.body().length;
        return bytes;
    }
}
