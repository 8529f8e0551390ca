package io.sluice.core.component;

/** The component lost its connection; the engine reconnects with backoff and retries. */
public class NotConnectedException extends Exception {
    public NotConnectedException(String message) {
        super(message);
    }

    public NotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
