package io.sluice.components.io;

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
            .summary("Generates messages at a given interval using a Bloblang mapping executed without a context. "
                    + "This allows you to generate messages for testing your pipeline configs.")
            .fields(FieldSpec.bloblang("mapping")
                            .description("A Bloblang mapping to use for generating messages.")
                            .example("root = \"hello world\"", "root = {\"test\":\"message\",\"id\":uuid_v4()}"),
                    FieldSpec.string("interval").defaultValue("1s")
                            .description("The time interval at which messages should be generated, expressed either as a duration string or as a cron expression. "
                                    + "If set to an empty string (or a zero duration) messages are generated as fast as downstream services can process them. "
                                    + "Cron expressions can specify a timezone by prefixing the expression with `TZ=<location name>`; without one they run in UTC.")
                            .example("5s", "1m", "1h", "@every 1s", "0,30 */2 * * * *", "TZ=Europe/London 30 3-6,20-23 * * *"),
                    FieldSpec.integer("count").defaultValue(0)
                            .description("An optional number of messages to generate, if set above 0 the specified number of messages is generated and then the input will shut down."),
                    FieldSpec.integer("batch_size").defaultValue(1)
                            .description("The number of generated messages that should be accumulated into each batch flushed at the specified interval."),
                    FieldSpec.bool("auto_replay_nacks").defaultValue(true)
                            .description("Whether messages that are rejected (nacked) at the output level should be automatically replayed indefinitely, "
                                    + "eventually resulting in back pressure if the cause of the rejections is persistent. If set to false these messages will instead be deleted."))
            .example("Cron Scheduled Processing", "Trigger processors on a schedule, here every five minutes.", """
                    input:
                      generate:
                        interval: '@every 5m'
                        mapping: 'root = {}'
                    """)
            .example("Generate 100 Rows", "An empty interval generates messages as fast as downstream consumes them.", """
                    input:
                      generate:
                        count: 100
                        interval: ""
                        mapping: 'root = {"id": count("rows")}'
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
            throw new ConfigException(conf.child("interval").position(), conf.child("interval").path(), e.getMessage());
        }
        int batchSize = conf.integer("batch_size");
        if (batchSize < 1) {
            throw new ConfigException(conf.child("batch_size").position(), conf.child("batch_size").path(), "batch_size must be at least 1");
        }
        GenerateInput gen = new GenerateInput(conf.mapping("mapping"), schedule, conf.longValue("count"), batchSize);
        return new ReplayingInput(gen, conf.bool("auto_replay_nacks"), ctx.log());
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
        Batch batch = new Batch();
        for (int i = 0; i < size; i++) {
            Part p = mapping.map(Batch.of(new Part(new byte[0])), 0);
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
