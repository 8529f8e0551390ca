package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.util.List;

/** The {@code decompress} processor. */
final class DecompressProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("decompress")
            .categories("Parsing")
            .summary("Decompresses each message with the chosen algorithm.")
            .description("""
                    Reads the formats `compress` writes, and bzip2 too. A body that is not valid for the algorithm is \
                    left as it was and flagged with the reason, for `catch` or `try` to handle.""")
            .fields(FieldSpec.string("algorithm").options(Compression.DECOMPRESS)
                    .description("The algorithm the messages were compressed with."))
            .example("Unpack zstd events", "A producer zstd-compresses each Kafka record; they are decoded before mapping.", """
                    input:
                      kafka:
                        addresses: [localhost:9092]
                        topics: [compressed-events]
                        consumer_group: unpacker
                    pipeline:
                      processors:
                        - decompress:
                            algorithm: zstd
                        - mapping: 'root = this'
                    """);

    private final String algorithm;

    DecompressProcessor(String algorithm, ComponentContext ctx) {
        super(ctx);
        this.algorithm = algorithm;
    }

    static DecompressProcessor create(Conf conf, ComponentContext ctx) {
        return new DecompressProcessor(conf.string("algorithm"), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        try {
            part.setBytes(Compression.decompress(algorithm, part.bytes()));
        } catch (IOException | RuntimeException e) {
            throw new ProcessingFailure(algorithm + ": " + ProcessingFailure.describe(e));
        }
        return List.of(part);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
