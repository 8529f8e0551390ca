package io.sluice.components.io.scanner;

import io.sluice.core.spec.Conf;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The {@code to_the_end} scanner: the whole source as one message. */
public final class ToTheEndScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("to_the_end", ComponentKind.SCANNER)
            .summary("Makes the whole source one message.")
            .description("The source is read into memory in full, so keep to sources that fit.")
            .fields();

    public static Scanner create(Conf conf, ComponentContext ctx) {
        return new ToTheEndScanner();
    }

    @Override
    public Reader open(InputStream in, String name) {
        return new Reader() {
            private boolean done;

            @Override
            public List<Part> next() throws IOException {
                if (done) return null;
                done = true;
                return List.of(new Part(in.readAllBytes()));
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
