package io.sluice.core.engine;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamTest {
    private final TestComponents tc = new TestComponents();

    private Stream stream(String yaml) throws Exception {
        return new StreamBuilder(tc.registry()).build("test", ConfigLoader.parseRaw(yaml, "test.yaml"));
    }

    @Test
    void everyMessageIsDeliveredInOrderAndAcknowledgedOnce() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 100 } }
                pipeline: { threads: 1 }
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).hasSize(100).startsWith("0", "1", "2").endsWith("99");
        assertThat(tc.settlements).hasSize(100).allSatisfy((k, v) -> assertThat(v).containsExactly("ack"));
    }

    @Test
    void anOutputFailureIsSeenByTheInput() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 5 } }
                output: { record: { fail_on: ["2"] } }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.settlements.get("2")).containsExactly("nack: refused 2");
        assertThat(tc.settlements.get("3")).containsExactly("ack");
        assertThat(tc.written).doesNotContain("2");
    }

    @Test
    void splitMessagesAreAcknowledgedWhenAllPiecesWere() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 3 } }
                pipeline: { threads: 1, processors: [ { duplicate: {} } ] }
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactly("0", "0", "1", "1", "2", "2");
        assertThat(tc.settlements.values()).allSatisfy(v -> assertThat(v).containsExactly("ack"));
    }

    @Test
    void filteredMessagesAreAcknowledged() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 4 } }
                pipeline: { processors: [ { drop_odd: {} } ] }
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactlyInAnyOrder("0", "2");
        assertThat(tc.settlements).hasSize(4).allSatisfy((k, v) -> assertThat(v).containsExactly("ack"));
    }

    @Test
    void aFailingProcessorFlagsTheMessageAndPassesItOn() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 2 } }
                pipeline: { processors: [ { fail: {} } ] }
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactlyInAnyOrder("0", "1");
        assertThat(s.metrics().get("processor_error")).isEqualTo(2);
    }

    @Test
    void inputProcessorsRunBeforeThePipeline() throws Exception {
        Stream s = stream("""
                input:
                  seq: { count: 4 }
                  processors: [ { drop_odd: {} } ]
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactlyInAnyOrder("0", "2");
    }

    @Test
    void gracefulStopDrainsInFlightMessages() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 1000000 } }
                output: { record: { delay: 20ms } }
                """).start();
        // Stop while the output is busy: some messages are written, others are read but not yet written.
        Await.until("three messages written", Duration.ofSeconds(10), () -> tc.written.size() >= 3);
        s.stop(Duration.ofSeconds(5));
        assertThat(s.done()).isDone();
        assertThat(tc.reads.get()).isLessThan(1000000); // stopped early, not run to the end
        // Every message read was delivered and acknowledged exactly once; none was left behind.
        assertThat(tc.reads.get()).isEqualTo(tc.written.size());
        assertThat(tc.settlements).hasSize(tc.reads.get()).allSatisfy((k, v) -> assertThat(v).containsExactly("ack"));
    }

    @Test
    void stopPastTheDeadlineRejectsWhatWasNotDeliveredSoTheSourceRedeliversIt() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 1000000 } }
                output: { record: { delay: 2s } }
                """).start();
        // The first write takes 2 s, so a stop 200 ms after the first read finds messages in flight.
        Await.until("a message read", Duration.ofSeconds(10), () -> tc.reads.get() >= 1);
        s.stop(Duration.ofMillis(200));
        // Nothing was acknowledged without delivery, and everything read was settled once.
        tc.settlements.forEach((text, v) -> {
            assertThat(v).hasSize(1);
            if (v.get(0).equals("ack")) assertThat(tc.written).contains(text);
        });
        assertThat(tc.settlements).hasSize(tc.reads.get());
        assertThat(tc.settlements.values()).anySatisfy(v -> assertThat(v.get(0)).startsWith("nack"));
    }

    @Test
    void aSlowOutputHoldsTheInputBack() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 1000000 } }
                pipeline: { threads: 2 }
                output: { record: { delay: 50ms, max_in_flight: 2 } }
                """).start();
        // Four writes take two 50 ms rounds; unchecked, the reader would have read far more than the bound by then.
        Await.until("four messages written", Duration.ofSeconds(10), () -> tc.written.size() >= 4);
        // Bounded hand-over: reader + the none buffer's slots (16) + 2 pipeline threads + the queue before
        // the output (HAND_OVER_CAPACITY) + 2 writers; a million messages would be read without back-pressure.
        assertThat(s.inFlight()).isLessThanOrEqualTo(Stream.HAND_OVER_CAPACITY + 16 + 5);
        assertThat(tc.reads.get() - tc.written.size()).isLessThanOrEqualTo(Stream.HAND_OVER_CAPACITY + 16 + 5);
        s.stop(Duration.ofSeconds(5));
    }

    @Test
    void severalPipelineThreadsProcessInParallelButDeliverInInputOrder() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 300 } }
                pipeline: { threads: 4, processors: [ { jitter: {} } ] }
                output: { record: {} }
                """).start();
        s.done().get(20, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) expected.add(Integer.toString(i));
        assertThat(tc.written).containsExactlyElementsOf(expected);
        assertThat(tc.settlements).hasSize(300).allSatisfy((k, v) -> assertThat(v).containsExactly("ack"));
    }

    @Test
    void invalidConfigFailsWithEveryProblem() {
        assertThatThrownBy(() -> stream("input: { seq: { cuont: 1 } }\noutput: { recrod: {} }\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2)) // no "count is required" on top of the suggestion
                .hasMessageContaining("did you mean 'count'")
                .hasMessageContaining("did you mean 'record'");
    }

    @Test
    void memoryBufferAcknowledgesOnceStored() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 10 } }
                buffer: { memory: {} }
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).hasSize(10);
        assertThat(tc.settlements.values()).allSatisfy(v -> assertThat(v).isEqualTo(List.of("ack")));
    }
}
