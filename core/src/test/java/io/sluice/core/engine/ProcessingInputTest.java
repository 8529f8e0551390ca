package io.sluice.core.engine;

import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessingInputTest {

    @Test
    void aReadThatFoundNothingIsPassedOnSoTheCallerAsksAgain() throws Exception {
        // null: the inner input's poll found nothing this time
        ArrayDeque<String> reads = new ArrayDeque<>(Arrays.asList("nothing", "a"));
        Input inner = () -> reads.poll().equals("nothing") ? null : new Transaction(Batch.ofTexts("a"), null);
        ProcessingInput in = new ProcessingInput(inner, List.of());

        assertThat(in.read()).isNull();
        assertThat(in.read().batch().get(0).text()).isEqualTo("a");
    }
}
