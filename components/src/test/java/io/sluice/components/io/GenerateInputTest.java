package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerateInputTest {

    /** A mapping that numbers the messages it creates: "1", "2", ... */
    private static Mapping numbering() {
        AtomicInteger n = new AtomicInteger();
        return new Mapping() {
            @Override
            public Part map(Batch batch, int index) {
                return Part.of(String.valueOf(n.incrementAndGet()));
            }

            @Override
            public boolean mutate(Batch batch, int index) {
                return true;
            }

            @Override
            public Object query(Batch batch, int index) {
                return null;
            }
        };
    }

    @Test
    void generatesCountMessagesAndThenEnds() throws Exception {
        CapturingOutput out = new CapturingOutput();
        new TestKit().output("capture", out).run("""
                input:
                  generate:
                    count: 5
                    interval: ""
                    mapping: 'root = "hello"'
                output:
                  capture: {}
                """, Duration.ofSeconds(5));

        assertThat(out.texts()).containsExactly("hello", "hello", "hello", "hello", "hello");
    }

    @Test
    void batchSizeGroupsMessagesAndTheLastBatchHoldsWhatIsLeftOfTheCount() throws Exception {
        GenerateInput gen = new GenerateInput(numbering(), new GenerateInput.AsFastAsPossible(), 5, 2);

        assertThat(gen.read().batch().size()).isEqualTo(2);
        assertThat(gen.read().batch().size()).isEqualTo(2);
        assertThat(gen.read().batch().size()).isEqualTo(1);
        assertThatThrownBy(gen::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void theMappingRunsOncePerMessage() throws Exception {
        GenerateInput gen = new GenerateInput(numbering(), new GenerateInput.AsFastAsPossible(), 0, 3);

        Transaction tx = gen.read();

        assertThat(tx.batch().parts()).extracting(Part::text).containsExactly("1", "2", "3");
    }

    @Test
    void messagesDeletedByTheMappingAreSkippedAndNotCounted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Mapping everyOther = new Mapping() {
            @Override
            public Part map(Batch batch, int index) {
                int n = calls.incrementAndGet();
                return n % 2 == 0 ? null : Part.of("m" + n);
            }

            @Override
            public boolean mutate(Batch batch, int index) {
                return true;
            }

            @Override
            public Object query(Batch batch, int index) {
                return null;
            }
        };
        GenerateInput gen = new GenerateInput(everyOther, new GenerateInput.AsFastAsPossible(), 2, 1);

        Transaction first = gen.read();
        Transaction deleted = gen.read();
        Transaction second = gen.read();

        assertThat(first.batch().get(0).text()).isEqualTo("m1");
        assertThat(deleted).isNull();
        assertThat(second.batch().get(0).text()).isEqualTo("m3");
        assertThatThrownBy(gen::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void aFailingMappingFailsTheRead() {
        Mapping failing = new Mapping() {
            @Override
            public Part map(Batch batch, int index) throws MappingException {
                throw new MappingException("boom");
            }

            @Override
            public boolean mutate(Batch batch, int index) {
                return true;
            }

            @Override
            public Object query(Batch batch, int index) {
                return null;
            }
        };
        GenerateInput gen = new GenerateInput(failing, new GenerateInput.AsFastAsPossible(), 0, 1);

        assertThatThrownBy(gen::read).isInstanceOf(MappingException.class).hasMessage("boom");
    }

    /** A clock that only moves when the input sleeps (or the test advances it), recording each sleep. */
    private static final class ManualTime extends Clock {
        Instant now = Instant.parse("2024-01-01T12:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        boolean sleep(CountDownLatch closed, Duration d) {
            sleeps.add(d);
            now = now.plus(d);
            return closed.getCount() == 0;
        }

        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException(); }
    }

    @Test
    void theFirstMessageIsImmediateAndTheNextOnesFollowTheInterval() throws Exception {
        ManualTime time = new ManualTime();
        GenerateInput gen = new GenerateInput(numbering(), new GenerateInput.Every(Duration.ofMillis(60)), 0, 1, time, time::sleep);

        gen.read();
        assertThat(time.sleeps).as("the first message is due at once").isEmpty();
        gen.read();
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(60));
        time.now = time.now.plusMillis(10); // the consumer took 10ms: the next tick keeps the schedule
        gen.read();
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(60), Duration.ofMillis(50));
    }

    @Test
    void aConsumerLaterThanATickGetsTheNextMessageAtOnceAndMissedTicksAreDropped() throws Exception {
        ManualTime time = new ManualTime();
        GenerateInput gen = new GenerateInput(numbering(), new GenerateInput.Every(Duration.ofMillis(60)), 0, 1, time, time::sleep);

        gen.read();
        time.now = time.now.plusMillis(200); // three ticks late
        gen.read();
        assertThat(time.sleeps).as("already due: no wait").isEmpty();
        gen.read();
        assertThat(time.sleeps).as("one period after the late read, not a burst of missed ticks").containsExactly(Duration.ofMillis(60));
    }

    @Test
    void aCronScheduleWaitsForTheNextMatchingTime() throws Exception {
        ManualTime time = new ManualTime();
        time.now = Instant.parse("2024-01-01T12:00:20Z");
        GenerateInput cron = new GenerateInput(numbering(), GenerateInput.parseInterval("*/5 * * * *"), 0, 1, time, time::sleep);

        cron.read();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(280)); // 12:00:20 -> 12:05:00
        cron.read();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(280), Duration.ofMinutes(5));
    }

    @Test
    void closingWakesAReadWaitingForTheNextTick() throws Exception {
        GenerateInput gen = new GenerateInput(numbering(), new GenerateInput.Every(Duration.ofMinutes(10)), 0, 1);
        gen.read();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                gen.read();
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        await("the read to wait for the next tick", Duration.ofSeconds(10), () -> reader.getState() == Thread.State.TIMED_WAITING);

        gen.close();
        reader.join(Duration.ofSeconds(10));

        assertThat(reader.isAlive()).as("the read returned").isFalse();
        assertThat(outcome.get()).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void emptyAndZeroIntervalsMeanAsFastAsPossible() {
        assertThat(GenerateInput.parseInterval("")).isInstanceOf(GenerateInput.AsFastAsPossible.class);
        assertThat(GenerateInput.parseInterval("0")).isInstanceOf(GenerateInput.AsFastAsPossible.class);
        assertThat(GenerateInput.parseInterval("0s")).isInstanceOf(GenerateInput.AsFastAsPossible.class);
    }

    @Test
    void durationsAreFixedIntervalsAndEverythingElseIsACronSchedule() {
        assertThat(GenerateInput.parseInterval("1m30s")).isEqualTo(new GenerateInput.Every(Duration.ofSeconds(90)));
        assertThat(GenerateInput.parseInterval("@every 5m")).isInstanceOf(GenerateInput.OnCron.class);
        assertThat(GenerateInput.parseInterval("0,30 */2 * * * *")).isInstanceOf(GenerateInput.OnCron.class);
    }

    @Test
    void anIntervalThatIsNeitherDurationNorCronIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate:
                    interval: every now and then
                    mapping: 'root = "x"'
                output:
                  drop: {}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("input.generate.interval")
                .hasMessageContaining("cron");
    }

    @Test
    void aRejectedMessageIsDeliveredAgainUntilTheOutputAcceptsIt() throws Exception {
        CapturingOutput out = new CapturingOutput().failFirst(2);
        new TestKit().output("capture", out).run("""
                input:
                  generate:
                    count: 3
                    interval: ""
                    mapping: 'root = "x"'
                output:
                  capture: {}
                """, Duration.ofSeconds(10));

        assertThat(out.texts()).containsExactly("x", "x", "x");
        assertThat(out.attempts()).isEqualTo(5);
    }

    @Test
    void withAutoReplayOffARejectedMessageIsDropped() throws Exception {
        CapturingOutput out = new CapturingOutput().failFirst(1);
        new TestKit().output("capture", out).run("""
                input:
                  generate:
                    count: 3
                    interval: ""
                    auto_replay_nacks: false
                    mapping: 'root = "x"'
                output:
                  capture: {}
                """, Duration.ofSeconds(10));

        assertThat(out.texts()).containsExactly("x", "x");
        assertThat(out.attempts()).isEqualTo(3);
    }

    @Test
    void batchSizeBelowOneIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate:
                    batch_size: 0
                    mapping: 'root = "x"'
                output:
                  drop: {}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("batch_size");
    }

    static List<String> texts(Transaction tx) {
        return tx.batch().parts().stream().map(Part::text).toList();
    }
}
