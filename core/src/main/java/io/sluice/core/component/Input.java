package io.sluice.core.component;

/**
 * A source of messages. Methods are called from one virtual thread, so implementations may block.
 * <ul>
 *   <li>{@link #connect()} is called before the first read and again after a read threw
 *       {@link NotConnectedException}, with backoff between attempts.</li>
 *   <li>{@link #read()} blocks until a batch is available; it throws {@link EndOfInputException}
 *       when the source is exhausted. The returned transaction's acknowledgement must be honoured:
 *       commit/ack to the broker only on success; on failure, redeliver per the broker's rules.</li>
 * </ul>
 */
public interface Input extends AutoCloseable {

    default void connect() throws Exception {
    }

    Transaction read() throws Exception;

    /** Stops reading; a blocked {@link #read()} should return or throw promptly. */
    @Override
    default void close() throws Exception {
    }
}
