package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerOutputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");
    private final CapturingOutput a = new CapturingOutput();
    private final CapturingOutput b = new CapturingOutput();

    @Test
    void fanOutSendsACopyOfEveryBatchToEveryOutput() throws Exception {
        BrokerOutput broker = new BrokerOutput("fan_out", List.of(a, b), LOG);

        broker.write(Batch.ofTexts("m"));

        assertThat(a.texts()).containsExactly("m");
        assertThat(b.texts()).containsExactly("m");
        assertThat(a.batches().get(0).get(0)).isNotSameAs(b.batches().get(0).get(0));
    }

    @Test
    void fanOutRetriesAFailingOutputWithoutResendingToTheOthers() throws Exception {
        b.failFirst(1);
        BrokerOutput broker = new BrokerOutput("fan_out", List.of(a, b), LOG);

        broker.write(Batch.ofTexts("m"));

        assertThat(a.texts()).containsExactly("m");
        assertThat(b.texts()).containsExactly("m");
        assertThat(b.attempts()).isEqualTo(2);
    }

    @Test
    void fanOutFailFastRejectsTheBatchWhenAnOutputFails() {
        b.failFirst(1);
        BrokerOutput broker = new BrokerOutput("fan_out_fail_fast", List.of(a, b), LOG);

        assertThatThrownBy(() -> broker.write(Batch.ofTexts("m"))).hasMessage("capture refused the batch");
        assertThat(b.attempts()).isEqualTo(1);
    }

    @Test
    void fanOutSequentialWritesOneOutputAfterTheOther() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CapturingOutput slowFirst = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                Thread.sleep(30);
                order.add("first");
                super.write(batch);
            }
        };
        CapturingOutput second = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                order.add("second");
                super.write(batch);
            }
        };
        BrokerOutput broker = new BrokerOutput("fan_out_sequential", List.of(slowFirst, second), LOG);

        broker.write(Batch.ofTexts("m"));

        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void fanOutSequentialFailFastStopsAtTheFailingOutput() {
        a.failFirst(1);
        BrokerOutput broker = new BrokerOutput("fan_out_sequential_fail_fast", List.of(a, b), LOG);

        assertThatThrownBy(() -> broker.write(Batch.ofTexts("m"))).isInstanceOf(Exception.class);
        assertThat(b.attempts()).isZero();
    }

    @Test
    void roundRobinSendsEachBatchToTheNextOutputInTurn() throws Exception {
        BrokerOutput broker = new BrokerOutput("round_robin", List.of(a, b), LOG);

        for (String t : List.of("1", "2", "3", "4")) broker.write(Batch.ofTexts(t));

        assertThat(a.texts()).containsExactly("1", "3");
        assertThat(b.texts()).containsExactly("2", "4");
    }

    @Test
    void roundRobinPassesAFailureBackToTheInput() {
        a.failFirst(1);
        BrokerOutput broker = new BrokerOutput("round_robin", List.of(a, b), LOG);

        assertThatThrownBy(() -> broker.write(Batch.ofTexts("1"))).hasMessage("capture refused the batch");
    }

    @Test
    void greedySendsToWhicheverOutputIsFree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CapturingOutput slow = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                release.await(); // busy until the test lets it go
                super.write(batch);
            }
        };
        AtomicInteger slowCalls = new AtomicInteger();
        CapturingOutput fast = new CapturingOutput();
        BrokerOutput broker = new BrokerOutput("greedy", List.of(new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                slowCalls.incrementAndGet();
                slow.write(batch);
            }
        }, fast), LOG);

        Thread busy = Thread.startVirtualThread(() -> {
            try {
                broker.write(Batch.ofTexts("first"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the first write to occupy the slow output", Duration.ofSeconds(10), () -> slowCalls.get() == 1);
        for (String t : List.of("2", "3", "4")) broker.write(Batch.ofTexts(t));
        release.countDown();
        busy.join();

        assertThat(slow.texts()).containsExactly("first");
        assertThat(fast.texts()).containsExactly("2", "3", "4");
    }

    @Test
    void greedyAndRoundRobinAllowTheSumOfTheirOutputsConcurrency() {
        assertThat(new BrokerOutput("greedy", List.of(new CapturingOutput(2), new CapturingOutput(3)), LOG).maxInFlight()).isEqualTo(5);
        assertThat(new BrokerOutput("fan_out", List.of(new CapturingOutput(2), new CapturingOutput(3)), LOG).maxInFlight()).isEqualTo(3);
    }

    @Test
    void copiesSpawnsThatManyOfEachOutput() throws Exception {
        List<CapturingOutput> built = Collections.synchronizedList(new ArrayList<>());
        TestKit kit = new TestKit();
        kit.registry().register(ComponentSpec.output("counted").fields(), (conf, ctx) -> {
            CapturingOutput c = new CapturingOutput();
            built.add(c);
            return c;
        });

        kit.run("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: 'root = "m"'
                output:
                  broker:
                    copies: 3
                    pattern: fan_out
                    outputs:
                      - counted: {}
                """, Duration.ofSeconds(5));

        assertThat(built).hasSize(3).allSatisfy(c -> assertThat(c.texts()).containsExactly("m"));
    }

    @Test
    void brokerBatchingGroupsMessagesBeforeTheyReachTheOutputs() throws Exception {
        CapturingOutput out = new CapturingOutput();
        new TestKit().output("capture", out).run("""
                input:
                  generate:
                    count: 6
                    interval: ""
                    mapping: 'root = "m"'
                output:
                  broker:
                    pattern: fan_out
                    outputs:
                      - capture: {}
                    batching:
                      count: 3
                """, Duration.ofSeconds(5));

        assertThat(out.batches()).extracting(Batch::size).containsExactly(3, 3);
    }

    @Test
    void aBrokerWithoutOutputsIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  broker:
                    outputs: []
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("no outputs");
    }

    @Test
    void closingTheBrokerClosesEveryOutput() {
        new BrokerOutput("fan_out", List.of(a, b), LOG).close();

        assertThat(a.closed()).isTrue();
        assertThat(b.closed()).isTrue();
    }

    static List<String> texts(List<Part> parts) {
        return parts.stream().map(Part::text).toList();
    }
}
