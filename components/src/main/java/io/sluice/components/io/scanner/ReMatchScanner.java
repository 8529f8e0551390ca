package io.sluice.components.io.scanner;

import io.sluice.core.spec.Conf;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.regex.Regex;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code re_match} scanner: a new message starts wherever the pattern matches, so each message
 * begins with a match (text before the first match is a message of its own).
 */
public final class ReMatchScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("re_match", ComponentKind.SCANNER)
            .summary("Starts a new message wherever a regular expression matches, e.g. at each timestamp of a multi-line log.")
            .description("Each message begins with a match and runs up to the next one; text before the first match is a message of its own.")
            .fields(FieldSpec.string("pattern").regex().description("Where a message begins, in RE2 syntax. Use `(?m)^` to match at line starts.")
                            .example("(?m)^\\d{4}-\\d{2}-\\d{2}T", "(?m)^(INFO|WARN|ERROR) "),
                    FieldSpec.integer("max_buffer_size").defaultValue(65536)
                            .description("The longest message, in bytes. A longer one is an error."));

    private final Regex pattern;
    private final int maxBuffer;

    public static Scanner create(Conf conf, ComponentContext ctx) {
        // The spec's regex() rule has checked the pattern.
        return new ReMatchScanner(Regex.compile(conf.string("pattern")), conf.integer("max_buffer_size"));
    }

    public ReMatchScanner(Regex pattern, int maxBuffer) {
        this.pattern = pattern;
        this.maxBuffer = maxBuffer;
    }

    @Override
    public Reader open(InputStream in, String name) {
        return new TokenReader(in, maxBuffer) {
            @Override
            protected int[] split(byte[] data, int from, int to, boolean atEof) {
                // Work on ISO-8859-1 text so that character offsets equal byte offsets.
                CharSequence text = StandardCharsets.ISO_8859_1.decode(ByteBuffer.wrap(data, from, to - from));
                int[] starts = {-1, -1}; // where the first and the second message start
                pattern.scan(text, m -> {
                    if (m.end() == m.start() && m.start() == text.length()) return false;
                    if (starts[0] < 0) starts[0] = m.start();
                    else if (m.start() > starts[0]) {
                        starts[1] = m.start();
                        return false;
                    }
                    return true;
                });
                int first = starts[0];
                int second = starts[1];
                if (first < 0) return atEof ? new int[]{to, to} : null;
                if (first > 0) return new int[]{from + first, from + first};
                if (second > 0) return new int[]{from + second, from + second};
                return atEof ? new int[]{to, to} : null;
            }
        };
    }
}
