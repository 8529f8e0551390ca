package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fallback} output: tries its outputs in order until one accepts the batch. Each tier
 * gets a fresh copy of the original batch; from the second tier on, every message carries the
 * metadata {@code fallback_error} with the previous tier's error.
 */
public final class FallbackOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("fallback")
            .categories("Utility")
            .summary("Attempts to send each message to a child output, starting from the first output on the list. "
                    + "If an output attempt fails then the next output in the list is attempted, and so on.")
            .description("""
                    This pattern is useful for triggering events in the case where certain output targets have broken.

                    ### Metadata

                    When a given output fails the message routed to the following output will have a metadata value named `fallback_error` \
                    containing a string error message outlining the cause of the failure.

                    ### Batching

                    The whole batch is passed to the next tier when a tier fails, so that no message is lost.""")
            .config(FieldSpec.outputs("").defaultValue(List.of()).description("The outputs to try, in order."))
            .example("Dead letter file", "Send to a primary output and keep what it refuses in a file.", """
                    output:
                      fallback:
                        - http_client:
                            url: http://foo:4195/post/might/become/unreachable
                        - file:
                            path: /var/sluice/everything_failed.jsonl
                    """);

    private final List<Child> tiers;

    FallbackOutput(List<Output> outputs, ComponentLog log) {
        List<Child> l = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) l.add(new Child(outputs.get(i), "fallback." + i, log));
        this.tiers = List.copyOf(l);
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        List<Output> outputs = new ArrayList<>();
        for (Conf c : conf.elements()) outputs.add((Output) ctx.build(ComponentKind.OUTPUT, c));
        if (outputs.isEmpty()) throw new ConfigException(conf.position(), conf.path(), "a fallback output needs at least one output");
        return new FallbackOutput(outputs, ctx.log());
    }

    @Override
    public void connect() {
        for (Child c : tiers) c.connectQuietly();
    }

    @Override
    public void write(Batch batch) throws Exception {
        Exception last = null;
        for (Child tier : tiers) {
            Batch attempt = batch.copy();
            if (last != null) {
                String reason = Child.describe(last);
                for (Part p : attempt) p.setMeta("fallback_error", reason);
            }
            try {
                tier.write(attempt);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    public int maxInFlight() {
        return tiers.stream().mapToInt(Child::maxInFlight).max().orElse(1);
    }

    @Override
    public void close() {
        Child.closeAll(tiers);
    }
}
