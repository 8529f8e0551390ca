package io.sluice.gateway.config;

/** The configuration file or an environment override is unusable; the message names the file, key or variable. */
public final class GatewayConfigException extends RuntimeException {
    public GatewayConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    public GatewayConfigException(String message) {
        super(message);
    }
}
