package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** The {@code compress} processor. */
final class CompressProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("compress")
            .categories("Parsing")
            .summary("Compresses each message with the chosen algorithm.")
            .description("""
                    The whole body is compressed as one stream: gzip, `pgzip` (the same gzip format), zlib, `flate` \
                    (raw DEFLATE), `snappy` (Snappy's block format), `lz4` (the LZ4 frame format) or `zstd`. Metadata is \
                    left as it is. `decompress` reverses it.""")
            .fields(FieldSpec.string("algorithm").options(Compression.COMPRESS)
                            .description("The compression algorithm."),
                    FieldSpec.integer("level").defaultValue(-1)
                            .rule(v -> v instanceof Long l && (l < -1 || l > 22) ? "level must be from -1 to 22" : null)
                            .description("How hard to compress: -1 for the algorithm's default, else 0 (store) to 9 for the "
                                    + "DEFLATE family and 1 to 22 for zstd. Snappy and lz4 have no levels."))
            .example("Gzip before archiving", "Log lines are gzipped one by one before they are written to files.", """
                    pipeline:
                      processors:
                        - compress:
                            algorithm: gzip
                            level: 9
                    output:
                      file:
                        path: ./archive/${! timestamp_unix_nano() }.log.gz
                        codec: all-bytes
                    """);

    private final String algorithm;
    private final int level;

    CompressProcessor(String algorithm, int level, ComponentContext ctx) {
        super(ctx);
        this.algorithm = algorithm;
        this.level = level;
    }

    static CompressProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        String algorithm = conf.string("algorithm");
        int level = conf.integer("level");
        // The spec's rule allows 22 for zstd; the DEFLATE family stops at 9.
        if (level > 9 && !algorithm.equals("zstd")) {
            throw conf.invalid("level", "level " + level + " is above 9, the highest for " + algorithm);
        }
        return new CompressProcessor(algorithm, level, ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        part.setBytes(Compression.compress(algorithm, level, part.bytes()));
        return List.of(part);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
