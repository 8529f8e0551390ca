package io.sluice.components.io;

import io.sluice.core.connect.ReplayingInput;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayingInputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    /** A source of fixed messages that records how each of its transactions was settled. */
    static final class Source implements Input {
        final ArrayDeque<String> pending;
        final Map<String, List<String>> settlements = new ConcurrentHashMap<>();
        volatile boolean closed;

        Source(String... texts) {
            pending = new ArrayDeque<>(List.of(texts));
        }

        @Override
        public synchronized Transaction read() throws EndOfInputException {
            String t = pending.poll();
            if (t == null) throw new EndOfInputException();
            return new Transaction(Batch.ofTexts(t), err -> settlements.computeIfAbsent(t, k -> new CopyOnWriteArrayList<>())
                    .add(err == null ? "ack" : "nack:" + err.getMessage()));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aRejectedBatchIsDeliveredAgainBeforeNewData() throws Exception {
        ReplayingInput in = new ReplayingInput(new Source("a", "b"), true, LOG);

        in.read().nack(new Exception("down"));
        Transaction again = in.read();

        assertThat(again.batch().get(0).text()).isEqualTo("a");
    }

    @Test
    void theReplayIsTheOriginalMessageNotTheOneThepipelineChanged() throws Exception {
        ReplayingInput in = new ReplayingInput(new Source("original"), true, LOG);
        Transaction first = in.read();

        first.batch().get(0).setText("changed by a processor");
        first.batch().get(0).setMeta("added", "yes");
        first.nack(new Exception("down"));
        Transaction again = in.read();

        assertThat(again.batch().get(0).text()).isEqualTo("original");
        assertThat(again.batch().get(0).metadata()).doesNotContainKey("added");
    }

    @Test
    void theSourceIsAcknowledgedOnceWhenTheReplaySucceeds() throws Exception {
        Source source = new Source("a");
        ReplayingInput in = new ReplayingInput(source, true, LOG);

        in.read().nack(new Exception("down"));
        in.read().nack(new Exception("still down"));
        in.read().ack();

        assertThat(source.settlements.get("a")).containsExactly("ack");
    }

    @Test
    void withReplaysOffTheRejectionGoesStraightToTheSource() throws Exception {
        Source source = new Source("a", "b");
        ReplayingInput in = new ReplayingInput(source, false, LOG);

        in.read().nack(new Exception("down"));
        Transaction next = in.read();

        assertThat(source.settlements.get("a")).containsExactly("nack:down");
        assertThat(next.batch().get(0).text()).isEqualTo("b");
    }

    @Test
    void theEndIsReportedOnlyAfterEverythingReadWasSettledAndALateRejectionIsReplayed() throws Exception {
        ReplayingInput in = new ReplayingInput(new Source("a"), true, LOG);
        Transaction a = in.read();
        AtomicReference<Object> nextRead = new AtomicReference<>();
        Thread reader = Thread.startVirtualThread(() -> {
            try {
                nextRead.set(in.read());
            } catch (Exception e) {
                nextRead.set(e);
            }
        });

        await("the read to block", Duration.ofSeconds(10),
                () -> reader.getState() == Thread.State.WAITING || reader.getState() == Thread.State.TIMED_WAITING);
        assertThat(nextRead.get()).as("no end while 'a' is unsettled").isNull();
        a.nack(new Exception("down"));
        reader.join(TimeUnit.SECONDS.toMillis(2));

        assertThat(nextRead.get()).isInstanceOf(Transaction.class);
        ((Transaction) nextRead.get()).ack();
        assertThatThrownBy(in::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void closingRejectsTheBatchesWaitingForAReplayAndClosesTheSource() throws Exception {
        Source source = new Source("a", "b");
        ReplayingInput in = new ReplayingInput(source, true, LOG);
        in.read().nack(new Exception("down"));

        in.close();

        assertThat(source.settlements.get("a")).singleElement().asString().startsWith("nack:");
        assertThat(source.closed).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void aRejectionAfterCloseGoesToTheSourceInsteadOfBeingReplayed() throws Exception {
        Source source = new Source("a");
        ReplayingInput in = new ReplayingInput(source, true, LOG);
        Transaction a = in.read();

        in.close();
        a.nack(new Exception("stream stopped"));

        assertThat(source.settlements.get("a")).containsExactly("nack:stream stopped");
    }
}
