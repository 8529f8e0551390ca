package io.sluice.gateway.streaming.hub;

/**
 * A hub cannot take messages for now because its shared store (Redis, for a cluster hub) does not answer. The output
 * reports it to the engine as a lost connection, so the batch is retried with backoff and the source is not
 * acknowledged meanwhile.
 */
public final class HubUnavailableException extends IllegalStateException {
    public HubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
