package io.sluice.components.io;

import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.spec.ComponentSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerInputTest {

    private static final io.sluice.core.component.ComponentLog LOG = new io.sluice.core.component.ComponentLog("test", "test", "", "");

    @Test
    void a_stream_reads_every_child_until_all_have_ended() throws Exception {
        CapturingOutput capture = new CapturingOutput();
        TestKit kit = new TestKit().output("capture", capture);
        kit.registry().register(ComponentSpec.input("letters").fields(), (conf, ctx) -> scripted("a", 3, new ArrayList<>()));
        kit.registry().register(ComponentSpec.input("digits").fields(), (conf, ctx) -> scripted("1", 2, new ArrayList<>()));

        kit.run("""
                input:
                  broker:
                    inputs:
                      - letters: {}
                      - digits: {}
                output:
                  capture: {}
                """, java.time.Duration.ofSeconds(10));

        assertThat(capture.texts()).containsExactlyInAnyOrder("a", "a", "a", "1", "1");
    }

    @Test
    void copies_run_each_input_several_times() throws Exception {
        CapturingOutput capture = new CapturingOutput();
        TestKit kit = new TestKit().output("capture", capture);
        kit.registry().register(ComponentSpec.input("pair").fields(), (conf, ctx) -> scripted("x", 2, new ArrayList<>()));

        kit.run("input:\n  broker:\n    copies: 3\n    inputs: [{pair: {}}]\noutput:\n  capture: {}\n", java.time.Duration.ofSeconds(10));

        assertThat(capture.texts()).hasSize(6);
    }

    @Test
    void acknowledgements_go_back_to_the_child_a_batch_came_from() throws Exception {
        List<String> acked = new CopyOnWriteArrayList<>();
        BrokerInput broker = new BrokerInput(List.of(scripted("left", 1, acked), scripted("right", 1, acked)), LOG);
        broker.connect();
        for (int i = 0; i < 2; i++) {
            broker.read().ack();
        }
        assertThat(acked).containsExactlyInAnyOrder("left", "right");
        assertThatThrownBy(broker::read).isInstanceOf(EndOfInputException.class);
    }

    @Test
    void a_child_that_is_not_connected_is_retried_while_the_others_go_on() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        Input flaky = new Input() {
            boolean sent;

            @Override
            public void connect() throws Exception {
                if (connects.incrementAndGet() < 3) {
                    throw new NotConnectedException("not yet");
                }
            }

            @Override
            public Transaction read() throws Exception {
                if (sent) {
                    throw new EndOfInputException();
                }
                sent = true;
                return new Transaction(Batch.ofTexts("late"), null);
            }
        };
        BrokerInput broker = new BrokerInput(List.of(flaky, scripted("steady", 1, new ArrayList<>())), LOG);
        broker.connect();
        List<String> texts = new ArrayList<>();
        texts.add(broker.read().batch().get(0).text());
        texts.add(broker.read().batch().get(0).text());
        assertThat(texts).containsExactlyInAnyOrder("steady", "late");
        assertThat(connects.get()).isEqualTo(3);
    }

    @Test
    void it_needs_at_least_one_input() {
        assertThatThrownBy(() -> new TestKit().build("input:\n  broker:\n    inputs: []\noutput:\n  drop: {}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one input");
    }

    private static Input scripted(String text, int count, List<String> acked) {
        return new Input() {
            int left = count;

            @Override
            public Transaction read() throws Exception {
                if (left-- <= 0) {
                    throw new EndOfInputException();
                }
                return new Transaction(Batch.ofTexts(text), error -> acked.add(text));
            }
        };
    }
}
