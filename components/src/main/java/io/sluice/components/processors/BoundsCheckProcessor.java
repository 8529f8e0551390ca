package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** Drops whole batches whose message count or any message size is outside the configured bounds. */
final class BoundsCheckProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("bounds_check")
            .categories("Utility")
            .summary("Drops batches whose size, or the size of one of whose messages, is out of bounds.")
            .description("The whole batch goes when it has too few or too many messages, or when one of its messages is too small or too "
                    + "large. A dropped batch is acknowledged, so the source does not send it again. The default `min_part_size` of 1 "
                    + "drops every batch holding an empty message.")
            .fields(
                    FieldSpec.integer("max_part_size").defaultValue(1024L * 1024 * 1024)
                            .description("The largest message allowed, in bytes."),
                    FieldSpec.integer("min_part_size").defaultValue(1)
                            .description("The smallest message allowed, in bytes."),
                    FieldSpec.integer("max_parts").defaultValue(100).advanced()
                            .description("The most messages a batch may hold."),
                    FieldSpec.integer("min_parts").defaultValue(1).advanced()
                            .description("The fewest messages a batch may hold."));

    private final long maxPartSize;
    private final long minPartSize;
    private final long maxParts;
    private final long minParts;
    private final ComponentContext ctx;

    BoundsCheckProcessor(long maxPartSize, long minPartSize, long maxParts, long minParts, ComponentContext ctx) {
        this.maxPartSize = maxPartSize;
        this.minPartSize = minPartSize;
        this.maxParts = maxParts;
        this.minParts = minParts;
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) {
        return new BoundsCheckProcessor(conf.longValue("max_part_size"), conf.longValue("min_part_size"),
                conf.longValue("max_parts"), conf.longValue("min_parts"), ctx);
    }

    @Override
    public List<Batch> process(Batch batch) {
        int count = batch.size();
        if (count < minParts || count > maxParts) {
            ctx.log().debug("rejecting batch of {} messages: outside {}..{}", count, minParts, maxParts);
            return List.of();
        }
        for (Part p : batch) {
            int size = p.bytes().length;
            if (size < minPartSize || size > maxPartSize) {
                ctx.log().debug("rejecting batch: a message of {} bytes is outside {}..{}", size, minPartSize, maxPartSize);
                return List.of();
            }
        }
        return List.of(batch);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
