package io.sluice.gateway.observe;

import io.sluice.gateway.exchange.Exchange;

/** Where the request observer hands finished requests for analytics records; it must only queue, never wait. */
public interface Analytics {

    /** @param keyHash the key's stored hash (or a hash of it when keys are stored unhashed); null without a key */
    void request(Exchange exchange, double sampleRate, long nanos, long bytesIn, long bytesOut, String keyHash);
}
