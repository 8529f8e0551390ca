package io.sluice.core.builtin;

import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.observe.MetricsComponents;
import io.sluice.core.observe.TracerComponents;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** The components the engine itself needs: buffers, and the metrics and tracer choices. */
public final class CoreComponents implements ComponentProvider {

    /**
     * The memory buffer's {@code batch_policy}: {@code enabled} and the fields of {@link BatchPolicy#FIELD}, so that
     * their docs come from one place.
     */
    private static FieldSpec batchPolicy() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.bool("enabled").defaultValue(false).description("Regroup messages into batches as they leave the buffer."));
        fields.addAll(BatchPolicy.FIELD.children());
        return FieldSpec.object("batch_policy").withChildren(fields).advanced()
                .description("Regroups the messages leaving the buffer into batches: the input's batches are taken apart and "
                        + "joined until `count` messages or `byte_size` bytes are together, `check` says so, or `period` has passed since "
                        + "the first one. Handy to aggregate over a steady feed with a Bloblang mapping and `from_all`. When the input ends, "
                        + "a partly filled batch is passed on as it is.");
    }

    @Override
    public void register(ComponentRegistry r) {
        r.register(ComponentSpec.buffer("none")
                .summary("No buffer: the input hands each batch straight to the pipeline. The default, and the safe choice.")
                .description("The input's acknowledgement waits for the output, so a crash loses nothing that was not yet delivered.")
                .fields(), (conf, ctx) -> new NoneBuffer(NoneBuffer.CAPACITY));
        r.register(ComponentSpec.buffer("memory")
                .summary("Holds messages in memory between input and pipeline, and acknowledges them to the input as soon as they are held.")
                .description("It lets a fast input run ahead of a slow pipeline, at a price: the input has already been told the "
                        + "messages are done, so whatever is in the buffer when the process dies is lost. On a clean stop the buffer "
                        + "is drained within `shutdown_timeout`.")
                .fields(FieldSpec.integer("limit").defaultValue(524288000).description("How many bytes the buffer may hold; when it is full, the input waits."),
                        batchPolicy()),
                (conf, ctx) -> {
                    Conf policy = conf.child("batch_policy");
                    return new MemoryBuffer(conf.longValue("limit"), policy.isPresent() && policy.bool("enabled") ? BatchPolicy.from(policy) : null);
                });

        MetricsComponents.register(r);
        TracerComponents.register(r);
    }
}
