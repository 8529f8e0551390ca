package io.sluice.components.io.scanner;

import io.sluice.core.spec.Conf;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** The {@code decompress} scanner: decompresses the stream, then hands it to a child scanner. */
public final class DecompressScanner implements Scanner {
    /** The algorithms the JDK decompresses; others are refused when the config is built. */
    public static final List<String> SUPPORTED = List.of("gzip", "pgzip", "zlib", "flate");

    public static final ComponentSpec SPEC = ComponentSpec.of("decompress", ComponentKind.SCANNER)
            .summary("Decompresses the data, then hands it to another scanner to be cut into messages.")
            .fields(FieldSpec.string("algorithm").description("How the data is compressed. `pgzip` reads gzip, like `gzip`.")
                            .options("gzip", "pgzip", "zlib", "flate", "bzip2", "lz4", "snappy", "zstd"),
                    FieldSpec.of("into", FieldType.SCANNER).defaultValue(Map.of("to_the_end", Map.of()))
                            .description("The scanner that cuts the decompressed data into messages. By default it all becomes one message."));

    private final String algorithm;
    private final Scanner into;

    public static Scanner create(Conf conf, ComponentContext ctx) throws Exception {
        String algorithm = conf.string("algorithm");
        if (!SUPPORTED.contains(algorithm)) {
            throw conf.invalid("algorithm", "decompression algorithm '" + algorithm + "' is not supported yet (use one of " + SUPPORTED + ")");
        }
        return new DecompressScanner(algorithm, (Scanner) ctx.build(ComponentKind.SCANNER, conf.child("into")));
    }

    public DecompressScanner(String algorithm, Scanner into) {
        if (!SUPPORTED.contains(algorithm)) {
            throw new IllegalArgumentException("decompression algorithm '" + algorithm + "' is not supported (use one of " + SUPPORTED + ")");
        }
        this.algorithm = algorithm;
        this.into = into;
    }

    @Override
    public Reader open(InputStream in, String name) throws IOException {
        return into.open(wrap(algorithm, in), name);
    }

    static InputStream wrap(String algorithm, InputStream in) throws IOException {
        InputStream b = new BufferedInputStream(in);
        return switch (algorithm) {
            case "gzip", "pgzip" -> new GZIPInputStream(b, 8192);
            case "zlib" -> new InflaterInputStream(b, new Inflater(false), 8192);
            case "flate" -> new InflaterInputStream(b, new Inflater(true), 8192);
            default -> throw new IOException("unsupported algorithm " + algorithm);
        };
    }
}
