package io.sluice.components.io;

import io.sluice.core.component.AckHandle;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Processor;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Processors;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.testkit.TestComponents;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemWindowBufferTest {

    /** A clock the test moves by hand, so that no assertion depends on how fast the machine is. */
    static final class HandClock extends Clock {
        Instant now;

        HandClock(String at) {
            this.now = Instant.parse(at);
        }

        void set(String at) {
            now = Instant.parse(at);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** What an input learns about one of its transactions. */
    static final class Outcome {
        final AtomicReference<String> state = new AtomicReference<>("open");

        Transaction tx(Batch b) {
            return new Transaction(b, err -> state.set(err == null ? "acked" : "nacked: " + err.getMessage()));
        }
    }

    private static SystemWindowBuffer buffer(String mapping, String size, String slide, String offset, String lateness, HandClock clock) throws Exception {
        return new SystemWindowBuffer(ExpressionLanguage.get().parseMapping(mapping), Duration.parse(size), Duration.parse(slide),
                Duration.parse(offset), Duration.parse(lateness), clock, new ComponentLog("sluice.test", "test", "", "buffer"));
    }

    private static Part json(String text) {
        return Part.of(text);
    }

    private static List<String> texts(Transaction tx) {
        List<String> out = new ArrayList<>();
        for (Part p : tx.batch()) out.add(p.text());
        return out;
    }

    @Test
    void trafficLightsPerHourGiveOneSummaryPerLightWithCarsAndPassengers() throws Exception {
        // The dialect's documented example: event time from created_at, one-hour windows, then group_by_value and a
        // mapping that aggregates each group with from_all. Our own data; the documented shape of the result.
        HandClock clock = new HandClock("2021-08-07T09:40:00Z");
        SystemWindowBuffer buffer = buffer("root = this.created_at", "PT1H", "PT0S", "PT0S", "PT0S", clock);
        Outcome in = new Outcome();
        buffer.write(in.tx(Batch.of(
                json("{\"traffic_light\":\"north-gate\",\"created_at\":\"2021-08-07T09:12:05Z\",\"registration_plate\":\"KL12 ABC\",\"passengers\":2}"),
                json("{\"traffic_light\":\"mill-road\",\"created_at\":\"2021-08-07T09:20:00Z\",\"registration_plate\":\"ZZ99 QRS\",\"passengers\":1}"),
                json("{\"traffic_light\":\"north-gate\",\"created_at\":\"2021-08-07T09:31:40Z\",\"registration_plate\":\"MN34 DEF\",\"passengers\":4}"),
                json("{\"traffic_light\":\"north-gate\",\"created_at\":\"2021-08-07T09:55:00Z\",\"registration_plate\":\"KL12 ABC\",\"passengers\":3}"),
                json("{\"traffic_light\":\"mill-road\",\"created_at\":\"2021-08-07T10:00:00Z\",\"registration_plate\":\"AA11 BBB\",\"passengers\":5}"),
                json("{\"traffic_light\":\"mill-road\",\"created_at\":\"2021-08-07T10:00:01Z\",\"registration_plate\":\"CC22 DDD\",\"passengers\":7}"))));

        assertThat(buffer.poll()).as("the hour has not ended yet").isNull();
        clock.set("2021-08-07T10:00:00.5Z");
        Transaction window = buffer.poll();
        assertThat(window).isNotNull();
        // A window holds the times after its start up to and including its end: 10:00:00 is in, 10:00:01 is not.
        assertThat(window.batch().size()).isEqualTo(5);
        assertThat(window.batch().parts()).allSatisfy(p -> assertThat(p.metaString("window_end_timestamp")).isEqualTo("2021-08-07T10:00:00Z"));

        List<Processor> pipeline = List.of(
                (Processor) TestKit.build(ComponentKind.PROCESSOR, "group_by_value", "value: '${! this.traffic_light }'"),
                (Processor) TestKit.build(ComponentKind.PROCESSOR, "mapping", """
                        |
                          let plates = json("registration_plate").from_all()
                          let people = json("passengers").from_all()
                          root = if batch_index() > 0 { deleted() } else {
                            {
                              "traffic_light": this.traffic_light,
                              "total_cars": $plates.unique().length(),
                              "passengers": $people.sum(),
                              "created_at": @window_end_timestamp
                            }
                          }
                        """));
        List<String> summaries = new ArrayList<>();
        for (Batch b : Processors.apply(pipeline, window.batch())) for (Part p : b) summaries.add(p.text());
        assertThat(summaries).hasSize(2);
        assertThat(summaries).anySatisfy(s -> assertThat(summary(s)).isEqualTo("north-gate 2021-08-07T10:00:00Z cars=2 passengers=9"));
        assertThat(summaries).anySatisfy(s -> assertThat(summary(s)).isEqualTo("mill-road 2021-08-07T10:00:00Z cars=2 passengers=6"));

        assertThat(in.state.get()).as("the 10:00:01 message still waits for its window").isEqualTo("open");
        window.ack();
        assertThat(in.state.get()).isEqualTo("open");
        clock.set("2021-08-07T11:00:00.001Z");
        Transaction next = buffer.poll();
        assertThat(next.batch().size()).isEqualTo(1);
        assertThat(next.batch().get(0).metaString("window_end_timestamp")).isEqualTo("2021-08-07T11:00:00Z");
        next.ack();
        assertThat(in.state.get()).as("acknowledged once every message was delivered").isEqualTo("acked");
    }

    private static String summary(String json) {
        Map<?, ?> m = (Map<?, ?>) Part.of(json).structured();
        return m.get("traffic_light") + " " + m.get("created_at") + " cars=" + ((Number) m.get("total_cars")).longValue()
                + " passengers=" + ((Number) m.get("passengers")).longValue();
    }

    @Test
    void slidingWindowsOverlapAndOneMessageIsInEachWindowThatCoversIt() throws Exception {
        HandClock clock = new HandClock("2024-01-01T00:00:01Z");
        SystemWindowBuffer buffer = buffer("root = this.at", "PT10S", "PT5S", "PT0S", "PT0S", clock);
        Outcome in = new Outcome();
        buffer.write(in.tx(Batch.of(json("{\"n\":1,\"at\":\"2024-01-01T00:00:03Z\"}"), json("{\"n\":2,\"at\":\"2024-01-01T00:00:07Z\"}"))));
        clock.set("2024-01-01T00:00:20Z");
        Transaction w1 = buffer.poll();
        Transaction w2 = buffer.poll();
        Transaction w3 = buffer.poll();
        assertThat(buffer.poll()).isNull();
        // Windows end every 5 s and last 10 s: (-5,5] holds n1; (0,10] both; (5,15] n2.
        assertThat(w1.batch().get(0).metaString("window_end_timestamp")).isEqualTo("2024-01-01T00:00:05Z");
        assertThat(texts(w1)).hasSize(1).allSatisfy(t -> assertThat(t).contains("\"n\":1"));
        assertThat(w2.batch().get(0).metaString("window_end_timestamp")).isEqualTo("2024-01-01T00:00:10Z");
        assertThat(texts(w2)).hasSize(2);
        assertThat(w3.batch().get(0).metaString("window_end_timestamp")).isEqualTo("2024-01-01T00:00:15Z");
        assertThat(texts(w3)).hasSize(1).allSatisfy(t -> assertThat(t).contains("\"n\":2"));
        w1.ack();
        assertThat(in.state.get()).isEqualTo("open");
        w2.nack(new IllegalStateException("output down"));
        assertThat(in.state.get()).as("the first delivery of n2 failed").startsWith("nacked");
    }

    @Test
    void allowedLatenessHoldsTheWindowOpenSoThatALateEventStillCounts() throws Exception {
        HandClock clock = new HandClock("2024-01-01T00:00:01Z");
        SystemWindowBuffer buffer = buffer("root = this.at", "PT10S", "PT0S", "PT0S", "PT3S", clock);
        buffer.write(new Transaction(Batch.of(json("{\"at\":\"2024-01-01T00:00:04Z\"}")), AckHandle.NOOP));
        clock.set("2024-01-01T00:00:11Z");
        assertThat(buffer.poll()).as("ended, but within the allowed lateness").isNull();
        buffer.write(new Transaction(Batch.of(json("{\"at\":\"2024-01-01T00:00:09Z\"}")), AckHandle.NOOP));
        clock.set("2024-01-01T00:00:13Z");
        assertThat(texts(buffer.poll())).hasSize(2);
    }

    @Test
    void offsetShiftsTheGridOfWindowEnds() throws Exception {
        HandClock clock = new HandClock("2024-01-01T09:00:00Z");
        SystemWindowBuffer buffer = buffer("root = \"2024-01-01T09:00:00Z\"", "PT1H", "PT0S", "PT30M", "PT0S", clock);
        buffer.write(new Transaction(Batch.of(json("{}")), AckHandle.NOOP));
        clock.set("2024-01-01T10:00:00Z");
        assertThat(buffer.poll()).as("with a 30 minute offset, 09:00 is in the window that ends at 09:30").isNotNull()
                .satisfies(w -> assertThat(w.batch().get(0).metaString("window_end_timestamp")).isEqualTo("2024-01-01T09:30:00Z"));
    }

    @Test
    void aMessageForWindowsAlreadyPassedOnIsDroppedAndAcknowledged() throws Exception {
        HandClock clock = new HandClock("2024-01-01T00:00:12Z");
        SystemWindowBuffer buffer = buffer("root = this.at", "PT10S", "PT0S", "PT0S", "PT0S", clock);
        Outcome late = new Outcome();
        buffer.write(late.tx(Batch.of(json("{\"at\":\"2023-12-31T23:59:55Z\"}"))));
        assertThat(late.state.get()).isEqualTo("acked");
        Outcome bad = new Outcome();
        buffer.write(bad.tx(Batch.of(json("{\"at\":\"yesterday\"}"))));
        assertThat(bad.state.get()).as("a timestamp that cannot be read drops the message").isEqualTo("acked");
    }

    @Test
    void whenTheInputEndsCompleteWindowsAreDeliveredAndOpenOnesRejected() throws Exception {
        HandClock clock = new HandClock("2024-01-01T00:00:01Z");
        SystemWindowBuffer buffer = buffer("root = this.at", "PT10S", "PT0S", "PT0S", "PT0S", clock);
        Outcome done = new Outcome();
        Outcome open = new Outcome();
        buffer.write(done.tx(Batch.of(json("{\"at\":\"2024-01-01T00:00:02Z\"}"))));
        buffer.write(open.tx(Batch.of(json("{\"at\":\"2024-01-01T00:00:12Z\"}"))));
        clock.set("2024-01-01T00:00:15Z");
        buffer.endOfInput();
        Transaction w = buffer.read();
        assertThat(texts(w)).hasSize(1);
        w.ack();
        assertThat(done.state.get()).isEqualTo("acked");
        assertThat(buffer.read()).isNull();
        assertThat(open.state.get()).startsWith("nacked");
    }

    @Test
    void timestampsAreReadFromNumbersOfSecondsAndRfc3339Text() {
        assertThat(SystemWindowBuffer.timestampOf(1628329775.25)).isEqualTo(Instant.parse("2021-08-07T09:49:35.250Z"));
        assertThat(SystemWindowBuffer.timestampOf(1628329775L)).isEqualTo(Instant.parse("2021-08-07T09:49:35Z"));
        assertThat(SystemWindowBuffer.timestampOf("2021-08-07T11:49:35+02:00")).isEqualTo(Instant.parse("2021-08-07T09:49:35Z"));
        assertThatThrownBy(() -> SystemWindowBuffer.timestampOf("last tuesday")).hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> SystemWindowBuffer.timestampOf(null)).hasMessageContaining("got null");
    }

    @Test
    void invalidDurationsAreConfigErrorsNamingTheField() {
        String yaml = """
                input:
                  generate: {mapping: 'root = 1', count: 1}
                buffer:
                  system_window:
                    size: 10s
                    slide: 10s
                output:
                  drop: {}
                """;
        assertThatThrownBy(() -> new StreamBuilder(ComponentRegistry.global()).build("w", ConfigLoader.parseRaw(yaml, "w.yaml")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems().toString()).contains("w.yaml:6").contains("slide").contains("less than size"));
    }

    @Test
    void inAStreamEachWindowReachesTheOutputAsOneBatch() throws Exception {
        String sink = TestKit.unique("windows");
        String source = TestKit.unique("events");
        ComponentRegistry registry = new ComponentRegistry();
        // Everything on the class path, plus the test input and output (not registered globally in this module).
        for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) p.register(registry);
        new TestComponents().register(registry);
        Stream stream = new StreamBuilder(registry).build("windows", ConfigLoader.parseRaw("""
                input:
                  test_source: {name: %s}
                buffer:
                  system_window:
                    size: 200ms
                pipeline:
                  threads: 1
                  processors:
                    - mapping: 'root = {"count": batch_size(), "end": @window_end_timestamp}'
                    - select_parts: {parts: [0]}
                output:
                  test_sink: {name: %s}
                """.formatted(source, sink), "windows.yaml")).start();
        try {
            for (int i = 0; i < 3; i++) TestKit.source(source).add("{\"i\":" + i + "}");
            TestKit.await("a window summary", Duration.ofSeconds(10), () -> !TestKit.sink(sink).isEmpty());
            long counted = 0;
            for (Part p : TestKit.sink(sink)) counted += ((Number) ((Map<?, ?>) p.structured()).get("count")).longValue();
            TestKit.await("all three counted", Duration.ofSeconds(10), () -> {
                long n = 0;
                for (Part p : TestKit.sink(sink)) n += ((Number) ((Map<?, ?>) p.structured()).get("count")).longValue();
                return n == 3;
            });
            assertThat(counted).isBetween(1L, 3L);
        } finally {
            TestKit.stop(stream);
        }
    }
}
