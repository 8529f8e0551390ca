package io.sluice.components.io.scanner;

import io.sluice.core.connect.Scanner;
import io.sluice.core.regex.Regex;
import io.sluice.core.message.Part;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The deprecated {@code codec} strings of file-like inputs ({@code lines}, {@code all-bytes},
 * {@code delim:x}, {@code chunker:n}, {@code regex:x}, with {@code gzip/}, {@code pgzip/} or
 * {@code skipbom/} in front and {@code /multipart} behind), turned into the equivalent scanner.
 */
public final class ReaderCodecs {
    private ReaderCodecs() {
    }

    /** @throws IllegalArgumentException when the codec is not recognised or not supported */
    public static Scanner parse(String codec, int maxBuffer) {
        String c = switch (codec) {
            case "csv-gzip" -> "gzip/csv";
            case "tar-gzip" -> "gzip/tar";
            default -> codec;
        };
        List<String> decoders = new ArrayList<>();
        Scanner scanner = null;
        boolean multipart = false;
        for (String stage : c.split("/")) {
            if (stage.equals("gzip") || stage.equals("pgzip") || stage.equals("skipbom")) {
                if (scanner != null) throw new IllegalArgumentException("codec '" + stage + "' cannot follow a splitting codec in '" + codec + "'");
                decoders.add(stage);
            } else if (stage.equals("multipart")) {
                if (scanner == null) throw new IllegalArgumentException("codec 'multipart' must follow a splitting codec in '" + codec + "'");
                multipart = true;
            } else {
                if (scanner != null) throw new IllegalArgumentException("unable to follow a splitting codec with '" + stage + "' in '" + codec + "'");
                scanner = splitter(stage, maxBuffer);
            }
        }
        if (scanner == null) {
            if (decoders.isEmpty()) throw new IllegalArgumentException("codec was not recognised: " + codec);
            scanner = new ToTheEndScanner();
        }
        if (multipart) scanner = multipart(scanner);
        for (int i = decoders.size() - 1; i >= 0; i--) {
            Scanner inner = scanner;
            String d = decoders.get(i);
            scanner = d.equals("skipbom") ? new SkipBomScanner(inner) : new DecompressScanner(d, inner);
        }
        return scanner;
    }

    private static Scanner splitter(String stage, int maxBuffer) {
        switch (stage) {
            case "lines":
                return new LinesScanner(null, maxBuffer, false);
            case "all-bytes":
                return new ToTheEndScanner();
            case "auto":
                throw new IllegalArgumentException("codec 'auto' is not supported; use a scanner, e.g. the switch scanner keyed on file names");
            default:
                break;
        }
        if (stage.startsWith("delim:")) {
            String d = stage.substring("delim:".length());
            if (d.isEmpty()) throw new IllegalArgumentException("custom delimiter codec requires a non-empty delimiter");
            return new LinesScanner(d, maxBuffer, false);
        }
        if (stage.startsWith("chunker:")) {
            try {
                return new ChunkerScanner(Integer.parseInt(stage.substring("chunker:".length()).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid chunk size for chunker codec: " + stage);
            }
        }
        if (stage.startsWith("regex:")) {
            String r = stage.substring("regex:".length());
            if (r.isEmpty()) throw new IllegalArgumentException("regex codec requires a non-empty expression");
            return new ReMatchScanner(Regex.compile(r), maxBuffer);
        }
        throw new IllegalArgumentException("codec was not recognised or is not supported: " + stage);
    }

    /** Groups the messages of a scanner into batches that end at an empty message. */
    static Scanner multipart(Scanner child) {
        return (InputStream in, String name) -> {
            Scanner.Reader r = child.open(in, name);
            return new Scanner.Reader() {
                @Override
                public List<Part> next() throws IOException {
                    List<Part> parts = new ArrayList<>();
                    while (true) {
                        List<Part> more = r.next();
                        if (more == null) return parts.isEmpty() ? null : parts;
                        boolean empty = more.isEmpty() || (more.size() == 1 && more.get(0).bytes().length == 0);
                        if (empty) {
                            if (!parts.isEmpty()) return parts;
                        } else {
                            parts.addAll(more);
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    r.close();
                }
            };
        };
    }
}
