package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** Breaks a batch into smaller batches by message count and, optionally, total byte size. */
final class SplitProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("split")
            .categories("Utility")
            .summary("Cuts each batch into smaller batches of `size` messages, or of `byte_size` bytes when that is set, whichever comes first.")
            .description("""
                    A remainder becomes a last, smaller batch: a batch of 95 messages split with `size: 10` gives nine \
                    batches of 10 and one of 5. A single message larger than `byte_size` still travels, alone in its batch.""")
            .fields(
                    FieldSpec.integer("size").defaultValue(1)
                            .description("Messages per batch; `size: 1` makes every message a batch of its own."),
                    FieldSpec.integer("byte_size").defaultValue(0)
                            .description("Bytes per batch, counting the messages' contents; 0: no byte limit."));

    private final int size;
    private final long byteSize;
    private final ComponentContext ctx;

    SplitProcessor(int size, long byteSize, ComponentContext ctx) {
        this.size = size;
        this.byteSize = byteSize;
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) {
        return new SplitProcessor(conf.integer("size"), conf.longValue("byte_size"), ctx);
    }

    @Override
    public List<Batch> process(Batch batch) {
        List<Batch> out = new ArrayList<>();
        Batch current = new Batch();
        long currentBytes = 0;
        for (Part p : batch) {
            int partBytes = p.bytes().length;
            boolean full = (size > 0 && current.size() >= size)
                    || (byteSize > 0 && currentBytes + partBytes > byteSize);
            if (full) {
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new Batch();
                    currentBytes = 0;
                } else {
                    ctx.log().warn("a single message of {} bytes exceeds the target batch byte size of {}", partBytes, byteSize);
                }
            }
            current.add(p);
            currentBytes += partBytes;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
