package io.sluice.core.engine;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.ConnectionStatus.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine reports where the input's and the output's connections stand, and counts connects, failures and losses. */
class ConnectionStatusTest {
    private final TestComponents tc = new TestComponents();

    private Stream stream(String yaml) throws Exception {
        return new StreamBuilder(tc.registry()).build("test", ConfigLoader.parseRaw(yaml, "test.yaml"));
    }

    /**
     * Polls one side's status until {@code until} holds, returning every distinct status seen on the way. The first
     * backoff waits at least 50 ms, so a 1 ms poll sees each BACKING_OFF.
     */
    private static List<ConnectionStatus> watch(Stream s, Function<StreamStatus, ConnectionStatus> side,
                                                Predicate<ConnectionStatus> until) throws InterruptedException {
        List<ConnectionStatus> seen = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            ConnectionStatus now = side.apply(s.status());
            if (seen.isEmpty() || !seen.getLast().equals(now)) seen.add(now);
            if (until.test(now)) return seen;
            Thread.sleep(1);
        }
        throw new AssertionError("status never matched; seen: " + seen);
    }

    @Test
    void anInputThatFailsToConnectBacksOffWithTheErrorThenConnects() throws Exception {
        Instant started = Instant.now();
        Stream s = stream("""
                input: { flaky: { count: 3, fail_connects: 2 } }
                output: { record: {} }
                """);
        assertThat(s.status().input().state()).isEqualTo(State.CONNECTING);
        assertThat(s.status().inputType()).isEqualTo("flaky");
        assertThat(s.status().outputType()).isEqualTo("record");
        s.start();
        List<ConnectionStatus> seen = watch(s, StreamStatus::input, st -> st.state() == State.CONNECTED || st.state() == State.STOPPED);

        List<ConnectionStatus> backingOff = seen.stream().filter(st -> st.state() == State.BACKING_OFF).toList();
        assertThat(backingOff).extracting(ConnectionStatus::lastError).containsExactly("refused 1", "refused 2");
        assertThat(backingOff).extracting(ConnectionStatus::failures).containsExactly(1, 2);
        assertThat(backingOff).allSatisfy(st -> {
            assertThat(st.nextAttempt()).isAfter(st.since());
            assertThat(st.lastErrorAt()).isEqualTo(st.since()).isAfterOrEqualTo(started);
        });

        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactly("0", "1", "2");
        StreamStatus end = s.status();
        // The input reached its end: both sides stopped; the last error stays for diagnosis.
        assertThat(end.input().state()).isEqualTo(State.STOPPED);
        assertThat(end.input().lastError()).isEqualTo("refused 2");
        assertThat(end.input().failures()).isZero();
        assertThat(end.output().state()).isEqualTo(State.STOPPED);
        assertThat(end.output().lastError()).isNull();
        assertThat(end.counters()).containsEntry("input_connection_failed", 2L).containsEntry("input_connection_up", 1L)
                .containsEntry("input_connection_lost", 0L).containsEntry("output_connection_up", 1L)
                .containsEntry("output_connection_failed", 0L).containsEntry("input_received", 3L);
    }

    @Test
    void aLostInputConnectionIsCountedAndReconnected() throws Exception {
        Stream s = stream("""
                input: { flaky: { count: 5, lose_after: 2 } }
                output: { record: {} }
                """).start();
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactly("0", "1", "2", "3", "4");
        assertThat(s.metrics().get("input_connection_lost")).isEqualTo(1);
        assertThat(s.metrics().get("input_connection_up")).isEqualTo(2);
        assertThat(s.metrics().get("input_connection_failed")).isZero();
        assertThat(s.status().input().lastError()).isEqualTo("connection reset");
    }

    @Test
    void anInputConnectingLazilyInsideReadBacksOffToo() throws Exception {
        long began = System.nanoTime();
        Stream s = stream("""
                input: { flaky: { count: 2, fail_connects: 3, lazy: true } }
                output: { record: {} }
                """).start();
        List<ConnectionStatus> seen = watch(s, StreamStatus::input, st -> st.state() == State.STOPPED);
        assertThat(seen).filteredOn(st -> st.state() == State.BACKING_OFF).extracting(ConnectionStatus::lastError)
                .containsExactly("refused 1", "refused 2", "refused 3");
        // Waits of at least 50, 100 and 200 ms: the backoff grows although connect() itself always succeeds.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        s.done().get(10, TimeUnit.SECONDS);
        assertThat(tc.written).containsExactly("0", "1");
        // The engine sees each failure where the input reports it: as a lost connection after a nominal connect.
        assertThat(s.metrics().get("input_connection_lost")).isEqualTo(3);
        assertThat(s.metrics().get("input_connection_up")).isEqualTo(4);
    }

    @Test
    void anOutputThatFailsToConnectBacksOffThenConnectsAndALossIsReconnected() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 5 } }
                output: { flaky_output: { fail_connects: 2, lose_at: 3 } }
                """).start();
        // Connected, until the third write finds the connection gone (which can come before the next poll).
        List<ConnectionStatus> seen = watch(s, StreamStatus::output, st -> st.state() == State.CONNECTED || "broken pipe".equals(st.lastError()));
        assertThat(seen).filteredOn(st -> st.state() == State.BACKING_OFF && st.lastError().startsWith("refused"))
                .extracting(ConnectionStatus::lastError).containsExactly("refused 1", "refused 2");

        s.done().get(10, TimeUnit.SECONDS);
        // The write that found the connection gone was written again after the reconnect: nothing lost, nothing nacked.
        assertThat(tc.written).containsExactly("0", "1", "2", "3", "4");
        assertThat(tc.settlements.values()).allSatisfy(v -> assertThat(v).containsExactly("ack"));
        assertThat(s.metrics().snapshot()).containsEntry("output_connection_failed", 2L)
                .containsEntry("output_connection_up", 2L).containsEntry("output_connection_lost", 1L)
                .containsEntry("output_sent", 5L).doesNotContainKey("output_error");
        assertThat(s.status().output().lastError()).isEqualTo("broken pipe");
        assertThat(s.status().output().state()).isEqualTo(State.STOPPED);
    }

    @Test
    void writesInFlightThatFailTogetherAreOneLossAndOneReconnect() throws Exception {
        Stream s = stream("""
                input: { seq: { count: 400 } }
                output: { flaky_output: { delay: 5ms, max_in_flight: 8 } }
                """).start();
        Await.until("forty messages written", Duration.ofSeconds(10), () -> tc.written.size() >= 40);
        tc.outputDown = true; // every write under way now fails until the next connect
        s.done().get(20, TimeUnit.SECONDS);
        assertThat(tc.written).hasSize(400);
        assertThat(s.metrics().get("output_connection_lost")).isEqualTo(1);
        assertThat(s.metrics().get("output_connection_up")).isEqualTo(2);
    }
}
