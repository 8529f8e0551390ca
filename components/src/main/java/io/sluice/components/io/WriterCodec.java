package io.sluice.components.io;

import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How an output writes message bytes into a byte stream: {@code lines} (a line break after each
 * message that does not already end with one), {@code delim:x} (the same with a custom delimiter),
 * {@code append} (nothing between messages) or {@code all-bytes} (each message replaces the whole
 * file; on a stream it is the same as {@code append}).
 */
record WriterCodec(byte[] suffix, boolean append) {

    static FieldSpec field() {
        return FieldSpec.string("codec").defaultValue("lines")
                .description("How messages are separated: `lines` ends each with a line break, `delim:<text>` with the given text, `append` "
                        + "puts nothing between them, and `all-bytes` (files only) makes each message the whole content of the file. "
                        + "A message that already ends with the separator does not get a second one.")
                .example("lines", "delim:\t", "delim:---", "append", "all-bytes");
    }

    static WriterCodec parse(String codec) {
        return switch (codec) {
            case "all-bytes" -> new WriterCodec(new byte[0], false);
            case "append" -> new WriterCodec(new byte[0], true);
            case "lines" -> new WriterCodec(new byte[]{'\n'}, true);
            default -> {
                if (codec.startsWith("delim:")) {
                    String d = codec.substring("delim:".length());
                    if (d.isEmpty()) throw new IllegalArgumentException("custom delimiter codec requires a non-empty delimiter");
                    yield new WriterCodec(d.getBytes(StandardCharsets.UTF_8), true);
                }
                throw new IllegalArgumentException("codec was not recognised: " + codec + " (expected lines, delim:x, append or all-bytes)");
            }
        };
    }

    static WriterCodec from(Conf conf) throws ConfigException {
        Conf c = conf.child("codec");
        try {
            return parse(c.asString());
        } catch (IllegalArgumentException e) {
            throw c.invalid(e.getMessage());
        }
    }

    void write(OutputStream out, byte[] message) throws IOException {
        out.write(message);
        if (suffix.length > 0 && !endsWith(message, suffix)) out.write(suffix);
    }

    private static boolean endsWith(byte[] data, byte[] end) {
        if (data.length < end.length) return false;
        return Arrays.equals(data, data.length - end.length, data.length, end, 0, end.length);
    }
}
