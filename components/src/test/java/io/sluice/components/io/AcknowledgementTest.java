package io.sluice.components.io;

import io.sluice.core.connect.ReplayingInput;
import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.CountingSource;
import io.sluice.components.io.support.Ledger;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.engine.Stream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

/** End to end: how acknowledgements travel from the outputs back to the inputs. */
class AcknowledgementTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    private static List<String> oneTo(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(String::valueOf).toList();
    }

    @Test
    void anOutputFailureIsSeenByTheInput() throws Exception {
        CountingSource source = new CountingSource(3);
        CapturingOutput out = new CapturingOutput().failWhen(b -> CapturingOutput.contains(b, "2"));
        new TestKit().input("numbers", source).output("capture", out).run("""
                input:
                  numbers: {}
                output:
                  capture: {}
                """, Duration.ofSeconds(5));

        assertThat(source.acked()).containsExactlyInAnyOrder("1", "3");
        assertThat(source.nacked()).containsExactly("2");
    }

    @Test
    void withReplaysEveryMessageIsDeliveredAndAcknowledgedExactlyOnceDespiteFailures() throws Exception {
        CountingSource source = new CountingSource(20);
        AtomicInteger attempt = new AtomicInteger();
        CapturingOutput out = new CapturingOutput().failWhen(b -> attempt.incrementAndGet() % 3 == 0);
        new TestKit().input("numbers", new ReplayingInput(source, true, LOG)).output("capture", out).run("""
                input:
                  numbers: {}
                output:
                  capture: {}
                """, Duration.ofSeconds(10));

        assertThat(out.texts()).containsExactlyInAnyOrderElementsOf(oneTo(20));
        assertThat(source.acked()).containsExactlyInAnyOrderElementsOf(oneTo(20));
        assertThat(source.nacked()).isEmpty();
        assertThat(source.settledTwice()).isEmpty();
    }

    @Test
    void stoppingMidwayLosesNothingAndAcknowledgesOnlyWhatWasDelivered() throws Exception {
        CountingSource source = new CountingSource(200);
        CapturingOutput out = new CapturingOutput().slow(Duration.ofMillis(20));
        Stream stream = new TestKit().input("numbers", new ReplayingInput(source, true, LOG)).output("capture", out).build("""
                input:
                  numbers: {}
                output:
                  capture: {}
                """).start();
        // Progress first: the stream ran and acknowledged deliveries before it is stopped midway.
        await("three messages delivered and acknowledged", Duration.ofSeconds(10), () -> source.acked().size() >= 3);

        stream.stop(Duration.ofMillis(50));

        List<String> delivered = out.texts();
        assertThat(delivered.size()).as("stopped before the end").isBetween(3, 199);
        assertThat(new HashSet<>(delivered)).as("delivered once each").hasSize(delivered.size());
        assertThat(delivered).as("every acknowledged message was delivered").containsAll(source.acked());
        assertThat(source.settledCount()).as("every message read was settled").isEqualTo(source.readCount());
        assertThat(source.settledTwice()).isEmpty();
    }

    @Test
    void aGenerateStreamStoppedMidwaySettlesEveryBatchOnceAndAcknowledgesOnlyDeliveredOnes() throws Exception {
        Ledger ledger = new Ledger();
        CapturingOutput out = new CapturingOutput().slow(Duration.ofMillis(20));
        Stream stream = new TestKit().ledger("watched", ledger).output("capture", out).build("""
                input:
                  watched:
                    input:
                      generate:
                        count: 100
                        interval: ""
                        mapping: 'root = "x"'
                output:
                  capture: {}
                """).start();
        await("three messages delivered and acknowledged", Duration.ofSeconds(10),
                () -> ledger.outcomes("x").stream().filter(o -> o == Ledger.Outcome.ACK).count() >= 3);

        stream.stop(Duration.ofMillis(50));
        stream.done().get(5, TimeUnit.SECONDS);

        assertThat(out.texts().size()).as("stopped before the end").isBetween(3, 99);
        assertThat(ledger.settled()).as("every batch handed out was settled exactly once").isEqualTo(ledger.transactions());
        long acks = ledger.outcomes("x").stream().filter(o -> o == Ledger.Outcome.ACK).count();
        assertThat(acks).as("acknowledged no more than was delivered").isLessThanOrEqualTo(out.texts().size());
    }

    @Test
    void aFanOutBrokerRetriesAFailingOutputSoTheInputOnlySeesSuccessAndTheGoodOutputNoDuplicates() throws Exception {
        CountingSource source = new CountingSource(5);
        CapturingOutput good = new CapturingOutput();
        CapturingOutput flaky = new CapturingOutput().failFirst(2);
        new TestKit().input("numbers", source).output("good", good).output("flaky", flaky).run("""
                input:
                  numbers: {}
                output:
                  broker:
                    pattern: fan_out
                    outputs:
                      - good: {}
                      - flaky: {}
                """, Duration.ofSeconds(10));

        assertThat(source.nacked()).isEmpty();
        assertThat(source.acked()).containsExactlyInAnyOrderElementsOf(oneTo(5));
        assertThat(good.texts()).containsExactlyInAnyOrderElementsOf(oneTo(5));
        assertThat(flaky.texts()).containsExactlyInAnyOrderElementsOf(oneTo(5));
    }

    @Test
    void dropOnErrorAcknowledgesTheInputForAFailedWrite() throws Exception {
        CountingSource source = new CountingSource(2);
        new TestKit().input("numbers", source).run("""
                input:
                  numbers: {}
                output:
                  drop_on:
                    error: true
                    output:
                      reject: down
                """, Duration.ofSeconds(5));

        assertThat(source.acked()).containsExactlyInAnyOrder("1", "2");
        assertThat(source.nacked()).isEmpty();
    }

    @Test
    void aFallbackThatFindsAWorkingOutputAcknowledgesTheInput() throws Exception {
        CountingSource source = new CountingSource(2);
        CapturingOutput backup = new CapturingOutput();
        new TestKit().input("numbers", source).output("backup", backup).run("""
                input:
                  numbers: {}
                output:
                  fallback:
                    - reject: primary down
                    - backup: {}
                """, Duration.ofSeconds(5));

        assertThat(source.acked()).containsExactlyInAnyOrder("1", "2");
        assertThat(backup.texts()).containsExactlyInAnyOrder("1", "2");
    }
}
