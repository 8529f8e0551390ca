package io.sluice.components.io;

import io.sluice.components.io.scanner.ReaderCodecs;
import io.sluice.components.io.scanner.Scanner;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.util.Map;

/** The {@code scanner} field of byte-stream inputs, with the deprecated {@code codec} and {@code max_buffer} beside it. */
final class ScannerFields {
    private ScannerFields() {
    }

    static final FieldSpec CODEC = FieldSpec.string("codec").optional().deprecated()
            .description("Deprecated: use `scanner`. The way in which the bytes of a data source are converted into discrete messages: "
                    + "`lines`, `all-bytes`, `delim:x`, `chunker:x`, `regex:x`, optionally preceded by `gzip/`, `pgzip/` or `skipbom/` "
                    + "and followed by `/multipart`. When set it takes precedence over `scanner`.")
            .example("lines", "delim:\t", "gzip/lines");

    static final FieldSpec MAX_BUFFER = FieldSpec.integer("max_buffer").defaultValue(1000000).deprecated()
            .description("Deprecated: the maximum size of a message that the `codec` field can produce.");

    static FieldSpec scanner(String defaultScanner) {
        return FieldSpec.of("scanner", FieldType.SCANNER).defaultValue(Map.of(defaultScanner, Map.of()))
                .description("The scanner by which the stream of bytes consumed will be broken out into individual messages. "
                        + "Scanners are useful for processing large sources of data without holding the entirety of it within memory.");
    }

    static Scanner build(Conf conf, ComponentContext ctx) throws Exception {
        if (conf.isSet("codec")) {
            Conf codec = conf.child("codec");
            try {
                return ReaderCodecs.parse(codec.asString(), conf.integer("max_buffer"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(codec.position(), codec.path(), e.getMessage());
            }
        }
        return (Scanner) ctx.build(ComponentKind.SCANNER, conf.child("scanner"));
    }
}
