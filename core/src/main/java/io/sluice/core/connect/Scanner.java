package io.sluice.core.connect;

import io.sluice.core.message.Part;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Splits a stream of bytes (a file, stdin, a socket) into messages. A scanner is a factory: built
 * once from its config, it opens one {@link Reader} per source of data. The contract lives in core,
 * so that connectors reading byte streams need not depend on the components module; the
 * implementations ({@code lines}, {@code csv}, ...) are registered components of kind scanner.
 */
@FunctionalInterface
public interface Scanner {

    /**
     * Starts reading {@code in}. {@code name} identifies the source (a file path, or empty) for
     * scanners that choose by name; the reader owns the stream and closes it.
     */
    Reader open(InputStream in, String name) throws IOException;

    /**
     * The deprecated {@code codec} strings ({@code lines}, {@code delim:x}, {@code gzip/lines}...)
     * as scanners, for inputs that still accept them. Provided by the module that implements the
     * scanners, found through {@link java.util.ServiceLoader}.
     */
    interface Codecs {
        /** @throws IllegalArgumentException when the codec is not recognised or not supported */
        Scanner parse(String codec, int maxBuffer);

        /** The implementation on the class path. */
        static Codecs get() {
            return ServiceLoader.load(Codecs.class, Codecs.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no scanner codecs on the class path (is sluice-components missing?)"));
        }
    }

    /** Reads the messages of one source, in order. Used from one thread at a time. */
    interface Reader extends Closeable {
        /** The next message(s) of the source, usually exactly one; {@code null} once the source is exhausted. */
        List<Part> next() throws IOException;
    }
}
