package io.sluice.core.connect;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A rejected batch must not wait behind a source read that is waiting for new data. */
class ReplayWakeUpTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");
    private static final Object WAKE = new Object();

    /** Waits on a local queue, as the MQTT input does; a wake-up makes the waiting read return null. */
    static final class QueueSource implements Input, ReplayingInput.Wakeable {
        final LinkedBlockingDeque<Object> events = new LinkedBlockingDeque<>();
        final AtomicInteger wakeUps = new AtomicInteger();

        @Override
        public Transaction read() throws InterruptedException {
            Object ev = events.take();
            return ev == WAKE ? null : new Transaction(Batch.ofTexts((String) ev), null);
        }

        @Override
        public void wakeUp() {
            wakeUps.incrementAndGet();
            events.addFirst(WAKE);
        }
    }

    /** Polls briefly and returns null when nothing came, as the NATS and Redis inputs do. */
    static final class PollingSource implements Input {
        final LinkedBlockingDeque<String> messages = new LinkedBlockingDeque<>();

        @Override
        public Transaction read() throws InterruptedException {
            String m = messages.poll(20, TimeUnit.MILLISECONDS);
            return m == null ? null : new Transaction(Batch.ofTexts(m), null);
        }
    }

    @Test
    void aRejectionWakesAWakeableSourceWaitingForNewData() throws Exception {
        QueueSource source = new QueueSource();
        ReplayingInput in = new ReplayingInput(source, true, LOG);
        source.events.add("first");
        Transaction first = in.read();

        CompletableFuture<String> next = readInBackground(in);
        first.nack(new Exception("output down"));

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(source.wakeUps).hasValue(1);
    }

    @Test
    void aPollingSourceGetsTheReplayOutAtItsNextEmptyPoll() throws Exception {
        PollingSource source = new PollingSource();
        ReplayingInput in = new ReplayingInput(source, true, LOG);
        source.messages.add("first");
        Transaction first = in.read();

        CompletableFuture<String> next = readInBackground(in);
        first.nack(new Exception("output down"));

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    }

    @Test
    void noRejectionNoWakeUp() throws Exception {
        QueueSource source = new QueueSource();
        ReplayingInput in = new ReplayingInput(source, true, LOG);
        source.events.add("first");

        in.read().ack();

        assertThat(source.wakeUps).hasValue(0);
    }

    private static CompletableFuture<String> readInBackground(ReplayingInput in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                text.complete(in.read().batch().get(0).text());
            } catch (Exception e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    @Test
    void aBatchRejectedAgainWaitsLongerEachTimeUpToASecond() {
        assertThat(ReplayingInput.replayDelayMs(1)).isEqualTo(1);
        assertThat(ReplayingInput.replayDelayMs(2)).isEqualTo(2);
        assertThat(ReplayingInput.replayDelayMs(5)).isEqualTo(16);
        assertThat(ReplayingInput.replayDelayMs(10)).isEqualTo(512);
        assertThat(ReplayingInput.replayDelayMs(11)).isEqualTo(ReplayingInput.MAX_REPLAY_DELAY_MS);
        assertThat(ReplayingInput.replayDelayMs(1_000)).isEqualTo(ReplayingInput.MAX_REPLAY_DELAY_MS);
    }

    @Test
    void aBatchRejectedManyTimesIsStillDeliveredBeforeNewData() throws Exception {
        PollingSource source = new PollingSource();
        ReplayingInput in = new ReplayingInput(source, true, LOG);
        source.messages.add("first");
        source.messages.add("second");
        for (int i = 0; i < 6; i++) {
            Transaction tx = in.read();
            assertThat(tx.batch().get(0).text()).isEqualTo("first");
            tx.nack(new Exception("output down, try " + i));
        }
        Transaction last = in.read();
        assertThat(last.batch().get(0).text()).isEqualTo("first");
        last.ack();
        assertThat(in.read().batch().get(0).text()).isEqualTo("second");
    }
}
