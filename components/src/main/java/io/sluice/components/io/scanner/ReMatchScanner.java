package io.sluice.components.io.scanner;

import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code re_match} scanner: a new message starts wherever the pattern matches, so each message
 * begins with a match (text before the first match is a message of its own).
 */
public final class ReMatchScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("re_match", ComponentKind.SCANNER)
            .summary("Split an input stream into segments matching against a regular expression.")
            .fields(FieldSpec.string("pattern").description("The pattern to match against.").example("(?m)^\\d\\d:\\d\\d:\\d\\d"),
                    FieldSpec.integer("max_buffer_size").defaultValue(65536)
                            .description("Set the maximum buffer size for storing line data, this limits the maximum size that a message can be without causing an error."));

    private final Pattern pattern;
    private final int maxBuffer;

    public ReMatchScanner(Pattern pattern, int maxBuffer) {
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
                Matcher m = pattern.matcher(text);
                int first = -1;
                int second = -1;
                while (m.find()) {
                    if (m.end() == m.start() && m.start() == text.length()) break;
                    if (first < 0) first = m.start();
                    else if (m.start() > first) {
                        second = m.start();
                        break;
                    }
                }
                if (first < 0) return atEof ? new int[]{to, to} : null;
                if (first > 0) return new int[]{from + first, from + first};
                if (second > 0) return new int[]{from + second, from + second};
                return atEof ? new int[]{to, to} : null;
            }
        };
    }
}
