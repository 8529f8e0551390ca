package io.sluice.core.component;

import java.time.Duration;

/** A rate-limit resource: {@link #access()} returns zero when the caller may proceed now, else how long to wait before asking again. */
public interface RateLimit extends AutoCloseable {

    Duration access() throws Exception;

    @Override
    default void close() throws Exception {
    }
}
