package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.regex.Regex;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code drop_on} output: writes to a child output and, when the write fails for one of the
 * configured reasons (any error, an error matching a pattern, or waiting longer than
 * {@code back_pressure}), drops the message (acknowledges it) instead of rejecting it.
 */
public final class DropOnOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("drop_on")
            .categories("Utility")
            .summary("Writes to a child output and, when the write fails for a reason you list, acknowledges the message anyway: it is dropped rather than retried.")
            .description("Without it, an output that cannot deliver holds the stream back and every failed message is retried or rejected to "
                    + "the input. Wrap an output in `drop_on` when losing some of its messages is better than stalling, e.g. a best-effort "
                    + "copy next to the main output. Each drop is logged as a warning. A failure that matches no reason fails the write as usual.")
            .fields(FieldSpec.bool("error").defaultValue(false)
                            .description("Drop on any error of the child output. Leave it false to drop only on the errors `error_patterns` match; setting both is refused."),
                    FieldSpec.stringList("error_patterns").optional().regex()
                            .description("Drop when the child's error text contains a match of one of these regular expressions.")
                            .example(List.of("status 4[0-9][0-9]"), List.of("^message too large", "quota exceeded")),
                    FieldSpec.duration("back_pressure").optional()
                            .description("How long a message may wait for the child output to accept it. After one timeout, later messages are refused at once "
                                    + "until the child is ready again. A timeout counts as an error: it drops the message only with `error: true` "
                                    + "(or a matching pattern), otherwise the message is rejected to the input.")
                            .example("30s", "1m"),
                    FieldSpec.output("output").description("The output to write to."))
            .example("A best-effort webhook beside the archive", "Every message must reach the archive file; the webhook gets a copy "
                    + "when it answers within two seconds, and misses it otherwise.", """
                    output:
                      broker:
                        pattern: fan_out
                        outputs:
                          - file:
                              path: ./archive.jsonl
                          - drop_on:
                              error: true
                              back_pressure: 2s
                              output:
                                http_client:
                                  url: http://hooks.internal:8088/events
                                  verb: POST
                    """);

    private final Child child;
    private final boolean onError;
    private final List<Regex> patterns;
    private final Duration backPressure; // null: wait as long as it takes
    private final ComponentLog log;
    private volatile boolean underBackPressure;

    DropOnOutput(Output child, boolean onError, List<Regex> patterns, Duration backPressure, ComponentLog log) {
        this.child = new Child(child, "drop_on.output", log);
        this.onError = onError;
        this.patterns = List.copyOf(patterns);
        this.backPressure = backPressure;
        this.log = log;
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        boolean onError = conf.bool("error");
        List<Regex> patterns = new ArrayList<>();
        List<Conf> pConfs = conf.list("error_patterns");
        if (!pConfs.isEmpty() && onError) throw conf.invalid("error_patterns", "field 'error_patterns' is ineffective when 'error' is set to true");
        for (Conf p : pConfs) patterns.add(Regex.compile(p.asString())); // checked by the spec's regex() rule
        Duration bp = null;
        if (conf.isSet("back_pressure")) {
            String s = conf.string("back_pressure");
            if (!s.isBlank()) {
                bp = Durations.parse(s);
                if (bp.isZero() || bp.isNegative()) bp = null;
            }
        }
        return new DropOnOutput(ctx.output(conf.child("output")), onError, patterns, bp, ctx.log());
    }

    @Override
    public void connect() {
        child.connectQuietly();
    }

    @Override
    public void write(Batch batch) throws Exception {
        Exception failure = backPressure == null ? writeWaiting(batch) : writeWithDeadline(batch);
        if (failure == null) return;
        if (onError) {
            log.warn("message dropped due to: {}", Child.describe(failure));
            return;
        }
        String text = Child.describe(failure);
        for (Regex p : patterns) {
            if (p.find(text)) {
                log.warn("message dropped due to error matching pattern '{}': {}", p.pattern(), text);
                return;
            }
        }
        throw failure;
    }

    /** Writes and waits as long as it takes; returns the failure, if any. */
    private Exception writeWaiting(Batch batch) throws InterruptedException {
        try {
            child.write(batch);
            return null;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return e;
        }
    }

    private Exception writeWithDeadline(Batch batch) throws InterruptedException {
        if (underBackPressure) {
            // Only a child that is ready right now gets the message; otherwise drop it at once.
            if (!child.tryAcquire()) return backPressureFailure();
            underBackPressure = false;
        } else if (!child.tryAcquire()) {
            if (!child.tryAcquire(backPressure.toNanos())) {
                underBackPressure = true;
                return backPressureFailure();
            }
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                child.writeHeld(batch);
                result.complete(null);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                child.release();
            }
        });
        try {
            result.get(backPressure.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            underBackPressure = true; // the write goes on in the background; later messages are dropped until it ends
            return backPressureFailure();
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception ex ? ex : new Exception(e.getCause());
        }
    }

    private Exception backPressureFailure() {
        log.warn("message dropped due to back pressure");
        return new Exception("experienced back pressure beyond: " + Durations.format(backPressure));
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
