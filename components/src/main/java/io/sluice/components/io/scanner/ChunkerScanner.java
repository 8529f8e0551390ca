package io.sluice.components.io.scanner;

import io.sluice.core.spec.Conf;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The {@code chunker} scanner: fixed-size chunks of bytes (the last one may be shorter). */
public final class ChunkerScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("chunker", ComponentKind.SCANNER)
            .summary("Cuts the data into messages of `size` bytes; the last one may be shorter.")
            .fields(FieldSpec.integer("size").min(1, "chunk size must be greater than zero").description("Bytes per message; more than zero."));

    private final int size;

    public static Scanner create(Conf conf, ComponentContext ctx) {
        return new ChunkerScanner(conf.integer("size"));
    }

    public ChunkerScanner(int size) {
        if (size <= 0) throw new IllegalArgumentException("chunk size must be greater than zero");
        this.size = size;
    }

    @Override
    public Reader open(InputStream in, String name) {
        return new Reader() {
            @Override
            public List<Part> next() throws IOException {
                byte[] chunk = in.readNBytes(size);
                return chunk.length == 0 ? null : List.of(new Part(chunk));
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
