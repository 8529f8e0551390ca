package io.sluice.components.io;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code generate} input: runs a mapping without a message to create messages, on a fixed
 * interval, on a cron schedule, or as fast as downstream accepts them.
 */
public final class GenerateInput implements Input {

    public static final ComponentSpec SPEC = ComponentSpec.input("generate")
            .categories("Utility")
            .summary("Creates messages from a Bloblang mapping, on an interval, on a cron schedule or as fast as the stream takes them.")
            .description("The mapping runs with an empty message, so `this` holds nothing: build the message from functions such as "
                    + "`now()`, `uuid_v4()` or `count()`. A mapping that yields `deleted()` creates no message for that turn. "
                    + "Handy for trying a pipeline out, and for jobs that run on a schedule.")
            .fields(FieldSpec.bloblang("mapping")
                            .description("The mapping that creates each message.")
                            .example("root = \"ping\"", "root = {\"id\": uuid_v4(), \"at\": now()}"),
                    FieldSpec.string("interval").defaultValue("1s")
                            .description("How often to create a batch: a duration (the first comes at once) or a cron expression, optionally with seconds and "
                                    + "prefixed with `TZ=<zone>`; cron runs in UTC unless a zone is given. "
                                    + "Empty or zero: as fast as the stream accepts them. A slow stream skips ticks rather than catching up.")
                            .example("500ms", "2m", "@every 10s", "@hourly", "*/15 * * * * *", "TZ=America/New_York 0 9 * * 1-5"),
                    FieldSpec.integer("count").defaultValue(0)
                            .description("Stop after this many messages and end the input (and with it a standalone stream). 0: never stop."),
                    FieldSpec.integer("batch_size").defaultValue(1).min(1)
                            .description("How many messages each tick creates, sent as one batch."),
                    ConnectorFields.autoReplayNacks("Send a message the output rejected again, until it is accepted; a lasting failure then stops new messages. "
                                    + "False: a rejected message is dropped."))
            .example("A nightly job", "One empty message at 02:30 Berlin time starts the pipeline's work each night.", """
                    input:
                      generate:
                        interval: 'TZ=Europe/Berlin 30 2 * * *'
                        mapping: 'root = {"job": "nightly-export", "started": now()}'
                    """)
            .example("A burst of test data", "Fifty numbered messages, as fast as the output takes them; the stream ends after the last.", """
                    input:
                      generate:
                        count: 50
                        interval: ""
                        mapping: 'root = {"n": count("burst"), "sensor": "s-" + random_int(min: 1, max: 9).string()}'
                    """);

    /** When messages are due. */
    sealed interface Schedule permits AsFastAsPossible, Every, OnCron {
    }

    record AsFastAsPossible() implements Schedule {
    }

    record Every(Duration period) implements Schedule {
    }

    record OnCron(Cron cron) implements Schedule {
    }

    /** Waits {@code d}, or less if {@code closed} opens first; true when it did. Tests pass one that only advances their clock. */
    @FunctionalInterface
    interface Sleeper {
        boolean sleep(CountDownLatch closed, Duration d) throws InterruptedException;
    }

    private static final byte[] NO_BODY = new byte[0]; // parts never change their bytes in place, so one will do

    private static final Sleeper REAL_SLEEP = (closed, d) -> closed.await(d.toNanos(), TimeUnit.NANOSECONDS);

    private final Mapping mapping;
    private final Schedule schedule;
    private final int batchSize;
    private final boolean limited;
    private long remaining;
    private boolean first = true;
    private Instant nextTick;
    private ZonedDateTime lastCron;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Clock clock;
    private final Sleeper sleeper;

    GenerateInput(Mapping mapping, Schedule schedule, long count, int batchSize) {
        this(mapping, schedule, count, batchSize, Clock.systemUTC(), REAL_SLEEP);
    }

    GenerateInput(Mapping mapping, Schedule schedule, long count, int batchSize, Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.mapping = mapping;
        this.schedule = schedule;
        this.batchSize = Math.max(1, batchSize);
        this.limited = count > 0;
        this.remaining = count;
    }

    public static Input create(Conf conf, ComponentContext ctx) throws ConfigException {
        Schedule schedule;
        try {
            schedule = parseInterval(conf.string("interval"));
        } catch (IllegalArgumentException e) {
            throw conf.invalid("interval", e.getMessage());
        }
        GenerateInput gen = new GenerateInput(conf.mapping("mapping"), schedule, conf.longValue("count"), conf.integer("batch_size"));
        return ConnectorFields.autoReplayNacks(conf, gen);
    }

    /** A duration ("0" and "" mean as fast as possible), or else a cron expression. */
    static Schedule parseInterval(String interval) {
        String s = interval == null ? "" : interval.trim();
        if (s.isEmpty()) return new AsFastAsPossible();
        Duration d;
        try {
            d = Durations.parse(s);
        } catch (IllegalArgumentException notADuration) {
            try {
                return new OnCron(Cron.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("failed to parse interval as duration string (" + notADuration.getMessage()
                        + ") or as cron expression (" + e.getMessage() + ")");
            }
        }
        if (d.isNegative()) throw new IllegalArgumentException("interval must not be negative");
        return d.isZero() ? new AsFastAsPossible() : new Every(d);
    }

    @Override
    public Transaction read() throws Exception {
        if (limited && remaining <= 0) throw new EndOfInputException();
        awaitTick();
        int size = limited ? (int) Math.min(batchSize, remaining) : batchSize;
        Batch batch = Batch.withCapacity(size);
        for (int i = 0; i < size; i++) {
            Part p = mapping.map(Batch.of(new Part(NO_BODY)), 0);
            if (p == null) continue; // the mapping deleted this one
            batch.add(p);
            if (limited) remaining--;
        }
        if (batch.isEmpty()) return null;
        return new Transaction(batch, null);
    }

    private void awaitTick() throws Exception {
        switch (schedule) {
            case AsFastAsPossible a -> {
                if (closed.getCount() == 0) throw new EndOfInputException();
            }
            case Every e -> {
                Instant now = clock.instant();
                if (first) {
                    nextTick = now.plus(e.period()); // the first message is due at once
                } else {
                    sleepUntil(nextTick);
                    Instant after = clock.instant();
                    nextTick = nextTick.plus(e.period());
                    if (nextTick.isBefore(after)) nextTick = after.plus(e.period()); // a slow consumer drops missed ticks
                }
            }
            case OnCron c -> {
                ZonedDateTime from = lastCron != null ? lastCron : ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                ZonedDateTime due = c.cron().next(from);
                sleepUntil(due.toInstant());
                lastCron = due;
            }
        }
        first = false;
    }

    private void sleepUntil(Instant due) throws Exception {
        Duration wait = Duration.between(clock.instant(), due);
        if (wait.isPositive() && sleeper.sleep(closed, wait)) throw new EndOfInputException();
        if (closed.getCount() == 0) throw new EndOfInputException();
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
