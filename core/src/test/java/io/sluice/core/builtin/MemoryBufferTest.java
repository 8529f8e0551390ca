package io.sluice.core.builtin;

import io.sluice.core.component.AckHandle;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBufferTest {

    private static List<String> texts(Transaction tx) {
        List<String> out = new ArrayList<>();
        for (Part p : tx.batch()) out.add(p.text());
        return out;
    }

    @Test
    void withoutPolicyBatchesLeaveAsTheyCameAndTheInputIsAckedOnWrite() throws Exception {
        MemoryBuffer buffer = new MemoryBuffer(1 << 20);
        AtomicInteger acked = new AtomicInteger();
        buffer.write(new Transaction(Batch.ofTexts("a", "b"), err -> acked.incrementAndGet()));
        buffer.write(new Transaction(Batch.ofTexts("c"), err -> acked.incrementAndGet()));
        assertThat(acked).hasValue(2);
        buffer.endOfInput();
        assertThat(texts(buffer.read())).containsExactly("a", "b");
        assertThat(texts(buffer.read())).containsExactly("c");
        assertThat(buffer.read()).isNull();
    }

    @Test
    void countPolicyRegroupsAcrossInputBatchesAndFlushesTheRestAtTheEnd() throws Exception {
        MemoryBuffer buffer = new MemoryBuffer(1 << 20, new BatchPolicy(3, 0, Duration.ZERO, null, List.of()));
        buffer.write(new Transaction(Batch.ofTexts("1", "2"), AckHandle.NOOP));
        buffer.write(new Transaction(Batch.ofTexts("3", "4", "5", "6", "7"), AckHandle.NOOP));
        buffer.endOfInput();
        assertThat(texts(buffer.read())).containsExactly("1", "2", "3");
        assertThat(texts(buffer.read())).containsExactly("4", "5", "6");
        assertThat(texts(buffer.read())).containsExactly("7");
        assertThat(buffer.read()).isNull();
    }

    @Test
    void byteSizePolicyEndsABatchOnceItHoldsEnoughBytes() throws Exception {
        MemoryBuffer buffer = new MemoryBuffer(1 << 20, new BatchPolicy(0, 6, Duration.ZERO, null, List.of()));
        buffer.write(new Transaction(Batch.ofTexts("abc", "de", "f", "ghijkl", "m"), AckHandle.NOOP));
        buffer.endOfInput();
        assertThat(texts(buffer.read())).containsExactly("abc", "de", "f");
        assertThat(texts(buffer.read())).containsExactly("ghijkl");
        assertThat(texts(buffer.read())).containsExactly("m");
    }

    @Test
    void periodPolicyPassesOnAPartBatchWithoutWaitingForMoreInput() throws Exception {
        // A count that is never reached: only the period can end the batch, while the input stays open.
        MemoryBuffer buffer = new MemoryBuffer(1 << 20, new BatchPolicy(100, 0, Duration.ofMillis(20), null, List.of()));
        buffer.write(new Transaction(Batch.ofTexts("x", "y"), AckHandle.NOOP));
        assertThat(texts(buffer.read())).containsExactly("x", "y");
    }
}
