package io.sluice.core.engine;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.List;

/**
 * When a batch is complete: after {@code count} messages, {@code byte_size} bytes, a {@code check}
 * that returns true, or {@code period} after its first message. Components that batch add
 * {@link #FIELD} to their spec and read it with {@link #from(Conf)}.
 */
public record BatchPolicy(int count, long byteSize, Duration period, Mapping check, List<Processor> processors) {

    public static final FieldSpec FIELD = FieldSpec.object("batching",
                    FieldSpec.integer("count").defaultValue(0)
                            .description("End a batch when it holds this many messages; 0: no count limit."),
                    FieldSpec.integer("byte_size").defaultValue(0)
                            .description("End a batch when its messages add up to this many bytes; 0: no size limit."),
                    FieldSpec.duration("period").defaultValue("")
                            .description("End a batch this long after its first message, however full it is. Without it, a batch that never fills waits for more messages.").example("200ms", "5s"),
                    FieldSpec.bloblang("check").defaultValue("")
                            .description("A Bloblang query run on each new message; true ends the batch with it.")
                            .example("this.kind == \"commit\""),
                    FieldSpec.processors("processors").defaultValue(List.of()).advanced()
                            .description("Processors run on each complete batch before it moves on."))
            .description("Groups messages into batches; a batch ends at whichever limit comes first. Set at least one limit, or every message is a batch of its own.")
            .advanced();

    public static final BatchPolicy NONE = new BatchPolicy(1, 0, Duration.ZERO, null, List.of());

    public static BatchPolicy from(Conf batching) throws Exception {
        if (!batching.isPresent()) return NONE;
        Mapping check = null;
        String checkSrc = batching.string("check");
        if (checkSrc != null && !checkSrc.isBlank()) check = batching.mapping("check");
        return new BatchPolicy(batching.integer("count"), batching.longValue("byte_size"), batching.duration("period"), check,
                ComponentContext.of(batching).processors(batching.child("processors")));
    }

    /** No batching at all: every write goes through alone. */
    public boolean isNoop() {
        return (count <= 1 && byteSize <= 0 && period.isZero() && check == null && processors.isEmpty());
    }

    /** True when a batch holding these parts (the last one just added) must be flushed. */
    public boolean isComplete(Batch pending, long bytes) {
        if (count > 0 && pending.size() >= count) return true;
        if (byteSize > 0 && bytes >= byteSize) return true;
        if (check != null && !pending.isEmpty()) {
            try {
                return check.check(pending, pending.size() - 1);
            } catch (Exception e) {
                return false;
            }
        }
        return count <= 0 && byteSize <= 0 && check == null && period.isZero();
    }

    /** Runs the flush processors over a completed batch. */
    public List<Batch> finish(Batch batch) throws InterruptedException {
        return processors.isEmpty() ? List.of(batch) : Processors.apply(processors, batch);
    }

    public static ConfigException invalid(Conf c, String message) {
        return c.invalid(message);
    }
}
