package io.sluice.core.component;

/**
 * Sits between the input and the pipeline. {@link #write} may block (back-pressure); {@link #read}
 * returns null once the buffer was closed for writing and is empty.
 */
public interface Buffer extends AutoCloseable {

    void write(Transaction tx) throws InterruptedException;

    Transaction read() throws InterruptedException;

    /** No more writes will come; readers drain what is left and then get null. */
    void endOfInput();

    /** True for the "none" buffer: a plain hand-over that the engine may skip. */
    default boolean isPassThrough() {
        return false;
    }

    @Override
    default void close() {
    }
}
