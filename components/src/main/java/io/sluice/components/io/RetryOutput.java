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
        fields.add(FieldSpec.output("output").description("The output to write to."));
        SPEC = ComponentSpec.output("retry")
                .categories("Utility")
                .summary("Writes to a child output and, when a write fails, tries the same write again with growing waits until it succeeds or a limit is reached.")
                .description("A failed write normally goes back to the input, which delivers the message again, through the whole pipeline. "
                        + "`retry` repeats the write right here instead, so processors with side effects (a dedupe, a counter, an HTTP call) "
                        + "do not run twice. While one batch is being retried, no new batch is started, so nothing overtakes it. "
                        + "With the default limits it retries forever; once a limit is reached the error goes back to the input. "
                        + "To send failed messages somewhere else, use `fallback`.")
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
        return new RetryOutput(ctx.output(conf.child("output")), RetryBackoff.from(conf), ctx.log());
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
