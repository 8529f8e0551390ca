package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
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
            .summary("Tries its outputs in order: when one fails to write a batch, the next one gets it.")
            .description("""
                    The usual use is a dead-letter destination: a main output first, then somewhere to keep what it refused. \
                    The write fails only when the last output fails too.

                    A failed batch goes to the next output whole, as it was before the failed attempt. From the second \
                    output on, each message carries the metadata `fallback_error`: the error of the output before.

                    An output that retries without limit (a `retry` output with default limits, say) never fails, so the \
                    outputs after it are never used.""")
            .config(FieldSpec.outputs("").defaultValue(List.of()).nonEmpty("a fallback output needs at least one output").description("The outputs to try, in order."))
            .example("Keep what the API refuses", "Posts each message to an API; a message the API does not take is written "
                    + "to a local file, with the reason next to it.", """
                    output:
                      fallback:
                        - http_client:
                            url: http://orders.internal:8080/ingest
                            verb: POST
                        - file:
                            path: ./refused.jsonl
                          processors:
                            - mapping: 'root = {"message": content().string(), "reason": @fallback_error}'
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
