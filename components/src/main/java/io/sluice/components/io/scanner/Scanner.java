package io.sluice.components.io.scanner;

import io.sluice.core.message.Part;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Splits a stream of bytes (a file, stdin, a socket) into messages. A scanner is a factory: built
 * once from its config, it opens one {@link Reader} per source of data.
 */
@FunctionalInterface
public interface Scanner {

    /**
     * Starts reading {@code in}. {@code name} identifies the source (a file path, or empty) for
     * scanners that choose by name; the reader owns the stream and closes it.
     */
    Reader open(InputStream in, String name) throws IOException;

    /** Reads the messages of one source, in order. Used from one thread at a time. */
    interface Reader extends Closeable {
        /** The next message(s) of the source, usually exactly one; {@code null} once the source is exhausted. */
        List<Part> next() throws IOException;
    }
}
