package io.sluice.components.io;

import io.sluice.components.io.scanner.ReaderCodecs;
import io.sluice.core.connect.Scanner;
import io.sluice.core.component.ComponentContext;
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
            .description("Deprecated, use `scanner`. The older way to cut data into messages, as one string: `lines`, `all-bytes`, `delim:x`, "
                    + "`chunker:x` or `regex:x`, optionally after `gzip/`, `pgzip/` or `skipbom/` and before `/multipart`. "
                    + "When set, it wins over `scanner`.")
            .example("lines", "delim:;", "gzip/lines");

    static final FieldSpec MAX_BUFFER = FieldSpec.integer("max_buffer").defaultValue(1000000).deprecated()
            .description("Deprecated, with `codec`: the largest message `codec` may produce, in bytes.");

    static FieldSpec scanner(String defaultScanner) {
        return FieldSpec.of("scanner", FieldType.SCANNER).defaultValue(Map.of(defaultScanner, Map.of()))
                .description("How the bytes read are cut into messages. Scanners read as they go, so a large file never has to fit in memory "
                        + "(unless the scanner is `to_the_end`).");
    }

    static Scanner build(Conf conf, ComponentContext ctx) throws Exception {
        if (conf.isSet("codec")) {
            Conf codec = conf.child("codec");
            try {
                return ReaderCodecs.parse(codec.asString(), conf.integer("max_buffer"));
            } catch (IllegalArgumentException e) {
                throw codec.invalid(e.getMessage());
            }
        }
        return (Scanner) ctx.build(ComponentKind.SCANNER, conf.child("scanner"));
    }
}
