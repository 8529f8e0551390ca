package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code retry} output: writes to a child output and, when that fails, tries again with
 * exponential backoff until it succeeds or the retry limits are reached. While a message is being
 * retried no new message is started, so a failing destination does not get overtaken.
 */
public final class RetryOutput implements Output {

    public static final ComponentSpec SPEC;

    static {
        List<FieldSpec> fields = new ArrayList<>(List.of(RetryBackoff.fields(0, "500ms", "3s", "0s")));
        fields.add(FieldSpec.output("output").description("A child output."));
        SPEC = ComponentSpec.output("retry")
                .categories("Utility")
                .summary("Attempts to write messages to a child output and if the write fails for any reason the message is retried either until success or, "
                        + "if the retries or max elapsed time fields are non-zero, either is reached.")
                .description("All messages are always retried on an output error, but this would usually involve propagating the error back to the source of the message, "
                        + "whereby it would be reprocessed before reaching the output layer once again. This output retries at the output level instead, "
                        + "for example to avoid running a deduplication processor twice for the same message. "
                        + "To retry with a different output (a dead letter queue) use the `fallback` output instead.")
                .fields(fields.toArray(FieldSpec[]::new));
    }

    private final Child child;
    private final RetryBackoff backoff;
    private final ComponentLog log;
    private final Object gate = new Object();
    private int retrying;

    RetryOutput(Output child, RetryBackoff backoff, ComponentLog log) {
        this.child = new Child(child, "retry.output", log);
        this.backoff = backoff;
        this.log = log;
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new RetryOutput(conf.output("output"), RetryBackoff.from(conf), ctx.log());
    }

    /** Wraps an output so that every write is retried until delivered (the dialect's "retry until success"). */
    static Output indefinitely(Output child, ComponentLog log) {
        return new RetryOutput(child, RetryBackoff.indefinite(), log);
    }

    @Override
    public void connect() {
        child.connectQuietly();
    }

    @Override
    public void write(Batch batch) throws Exception {
        synchronized (gate) {
            while (retrying > 0) gate.wait();
        }
        RetryBackoff.Attempts attempts = backoff.start();
        boolean inRetryLoop = false;
        try {
            while (true) {
                try {
                    child.write(batch.copy());
                    return;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (!inRetryLoop) {
                        inRetryLoop = true;
                        synchronized (gate) {
                            retrying++;
                        }
                    }
                    Duration wait = attempts.next();
                    if (wait == null) {
                        log.error("failed to send message after {} retries: {}", attempts.retries(), Child.describe(e));
                        throw new Exception("message failed to reach a target destination: " + Child.describe(e), e);
                    }
                    log.warn("failed to send message, retrying in {}: {}", wait, Child.describe(e));
                    Thread.sleep(wait);
                }
            }
        } finally {
            if (inRetryLoop) {
                synchronized (gate) {
                    retrying--;
                    gate.notifyAll();
                }
            }
        }
    }

    @Override
    public int maxInFlight() {
        return child.maxInFlight();
    }

    @Override
    public void close() {
        child.close();
    }
}
