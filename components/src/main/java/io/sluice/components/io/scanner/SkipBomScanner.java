package io.sluice.components.io.scanner;

import io.sluice.core.spec.Conf;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;

/** The {@code skip_bom} scanner: drops leading UTF-8 byte order marks, then hands the stream on. */
public final class SkipBomScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("skip_bom", ComponentKind.SCANNER)
            .summary("Drops byte order marks at the start of each source, then hands the data to another scanner.")
            .fields(FieldSpec.of("into", FieldType.SCANNER).defaultValue(Map.of("to_the_end", Map.of()))
                    .description("The scanner that cuts the rest into messages. By default it all becomes one message."));

    private final Scanner into;

    public static Scanner create(Conf conf, ComponentContext ctx) throws Exception {
        return new SkipBomScanner((Scanner) ctx.build(ComponentKind.SCANNER, conf.child("into")));
    }

    public SkipBomScanner(Scanner into) {
        this.into = into;
    }

    @Override
    public Reader open(InputStream in, String name) throws IOException {
        return into.open(skipBoms(in), name);
    }

    static InputStream skipBoms(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 3);
        while (true) {
            byte[] head = p.readNBytes(3);
            if (head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) continue;
            p.unread(head);
            return p;
        }
    }
}
