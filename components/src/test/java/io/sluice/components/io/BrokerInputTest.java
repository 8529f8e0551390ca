package io.sluice.components.io;

import io.sluice.components.io.support.CountingSource;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerInputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    /** Reads until the broker ends, acknowledging everything; returns the texts in read order. */
    private static List<String> drain(Input in) throws Exception {
        List<String> texts = new ArrayList<>();
        while (true) {
            Transaction tx;
            try {
                tx = in.read();
            } catch (EndOfInputException e) {
                return texts;
            }
            for (Part p : tx.batch()) texts.add(p.text());
            tx.ack();
        }
    }

    @Test
    void mergesEveryMessageOfEveryChildAndEndsWhenAllChildrenEnded() throws Exception {
        CountingSource a = new CountingSource(50);
        CountingSource b = new CountingSource(30);
        BrokerInput broker = new BrokerInput(List.of(a, b), BatchPolicy.NONE, LOG);

        List<String> texts = drain(broker);

        assertThat(texts).hasSize(80);
        assertThat(a.acked()).hasSize(50);
        assertThat(b.acked()).hasSize(30);
        assertThat(a.settledTwice()).isEmpty();
        assertThat(b.settledTwice()).isEmpty();
    }

    @Test
    void aRejectionGoesBackToTheChildThatReadTheMessageOnly() throws Exception {
        CountingSource a = new CountingSource(1);
        CountingSource b = new CountingSource(1);
        BrokerInput broker = new BrokerInput(List.of(a, b), BatchPolicy.NONE, LOG);

        Transaction first = broker.read();
        first.nack(new IllegalStateException("output refused"));
        Transaction second = broker.read();
        second.ack();

        // each source saw exactly one settlement: the one of its own message
        assertThat(a.acked().size() + a.nacked().size()).isEqualTo(1);
        assertThat(b.acked().size() + b.nacked().size()).isEqualTo(1);
        assertThat(a.nacked().size() + b.nacked().size()).isEqualTo(1);
        assertThatThrownBy(broker::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void aChildThatCannotConnectDoesNotHoldUpTheOthers() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Input down = new Input() {
            @Override
            public void connect() throws Exception {
                attempts.incrementAndGet();
                throw new NotConnectedException("broker unreachable");
            }

            @Override
            public Transaction read() {
                throw new AssertionError("never connected, never read");
            }
        };
        CountingSource up = new CountingSource(5);
        BrokerInput broker = new BrokerInput(List.of(down, up), BatchPolicy.NONE, LOG);

        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Transaction tx = broker.read();
            texts.add(tx.batch().get(0).text());
            tx.ack();
        }
        // The unreachable child keeps trying on its own thread; it may not have tried yet when the others are read.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.get() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        broker.close();

        assertThat(texts).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        assertThat(attempts.get()).isPositive();
    }

    @Test
    void batchingGathersMessagesOfSeveralChildrenIntoOneBatchSettledToEachSource() throws Exception {
        CountingSource a = new CountingSource(4);
        CountingSource b = new CountingSource(4);
        BatchPolicy fours = new BatchPolicy(4, 0, Duration.ZERO, null, List.of());
        BrokerInput broker = new BrokerInput(List.of(a, b), fours, LOG);

        Transaction first = broker.read();
        Transaction second = broker.read();
        assertThat(first.batch().size()).isEqualTo(4);
        assertThat(second.batch().size()).isEqualTo(4);
        first.ack();
        second.nack(new IllegalStateException("refused"));

        assertThat(a.acked().size() + b.acked().size()).isEqualTo(4);
        assertThat(a.nacked().size() + b.nacked().size()).isEqualTo(4);
        assertThatThrownBy(broker::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void aPeriodFlushesAPartialBatch() throws Exception {
        CountingSource a = new CountingSource(3);
        BatchPolicy bigButTimed = new BatchPolicy(100, 0, Duration.ofMillis(50), null, List.of());
        BrokerInput broker = new BrokerInput(List.of(a), bigButTimed, LOG);

        Batch batch = broker.read().batch();

        assertThat(batch.size()).isEqualTo(3);
    }

    @Test
    void closingRejectsWhatWasReadButNotHandedOut() throws Exception {
        CountingSource a = new CountingSource(10);
        BrokerInput broker = new BrokerInput(List.of(a), BatchPolicy.NONE, LOG);
        broker.read().ack();
        // the child reads ahead until the hand-over queue is full and it blocks
        TestKit.await("the child read ahead", Duration.ofSeconds(5), () -> a.readCount() >= 3);
        broker.close();

        // What the child read but the stream never took is rejected, so its source redelivers it.
        TestKit.await("every message read is settled", Duration.ofSeconds(5),
                () -> a.acked().size() + a.nacked().size() == a.readCount());
        assertThat(a.acked()).containsExactly("1");
        assertThat(a.settledTwice()).isEmpty();
    }
}
