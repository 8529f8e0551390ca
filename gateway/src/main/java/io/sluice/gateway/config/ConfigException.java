package io.sluice.gateway.config;

/** The configuration file or an environment override is unusable; the message names the file, key or variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConfigException(String message) {
        super(message);
    }
}
