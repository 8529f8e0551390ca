package io.sluice.components.io.scanner;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The {@code lines} scanner: one message per line, or per custom delimiter. */
public final class LinesScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("lines", ComponentKind.SCANNER)
            .summary("One message per line.")
            .fields(FieldSpec.string("custom_delimiter").optional()
                            .description("End lines at this text instead of at a line break (`\\n`, with or without a `\\r` before it)."),
                    FieldSpec.integer("max_buffer_size").defaultValue(65536)
                            .description("The longest line, in bytes. A longer line is an error, not a truncated message: raise it for long JSON lines."),
                    FieldSpec.bool("omit_empty").defaultValue(false).description("Skip empty lines instead of sending empty messages."));

    private final byte[] delimiter; // null: line breaks (\n, with an optional \r before it)
    private final int maxBuffer;
    private final boolean omitEmpty;

    public LinesScanner(String customDelimiter, int maxBuffer, boolean omitEmpty) {
        this.delimiter = customDelimiter == null || customDelimiter.isEmpty() ? null : customDelimiter.getBytes(StandardCharsets.UTF_8);
        this.maxBuffer = maxBuffer;
        this.omitEmpty = omitEmpty;
    }

    public static Scanner create(Conf conf, ComponentContext ctx) {
        return from(conf);
    }

    public static LinesScanner from(Conf conf) {
        return new LinesScanner(conf.isSet("custom_delimiter") ? conf.string("custom_delimiter") : null,
                conf.integer("max_buffer_size"), conf.bool("omit_empty"));
    }

    @Override
    public Reader open(InputStream in, String name) {
        return new TokenReader(in, maxBuffer) {
            @Override
            protected int[] split(byte[] data, int from, int to, boolean atEof) {
                int i = indexOf(data, from, to, delimiter == null ? NEWLINE : delimiter);
                if (i < 0) return null;
                return new int[]{i, i + (delimiter == null ? 1 : delimiter.length)};
            }

            @Override
            protected Part toPart(byte[] token) {
                if (delimiter == null && token.length > 0 && token[token.length - 1] == '\r') {
                    token = Arrays.copyOf(token, token.length - 1); // a CRLF line break
                }
                if (omitEmpty && token.length == 0) return null;
                return new Part(token);
            }
        };
    }

    private static final byte[] NEWLINE = {'\n'};

    static int indexOf(byte[] data, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (data[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
