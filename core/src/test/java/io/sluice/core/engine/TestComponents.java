package io.sluice.core.engine;

import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Small components that record what happened, for engine tests. */
final class TestComponents {
    /** Per message text: every settlement it received (null = ack, else the error message). */
    final Map<String, List<String>> settlements = new ConcurrentHashMap<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();

    ComponentRegistry registry() {
        ComponentRegistry r = new ComponentRegistry();
        new io.sluice.core.builtin.CoreComponents().register(r);
        r.register(ComponentSpec.input("seq").fields(FieldSpec.integer("count")), (conf, ctx) -> new Input() {
            final int count = conf.integer("count");
            int next;

            @Override
            public Transaction read() throws Exception {
                if (next >= count) throw new EndOfInputException();
                String text = Integer.toString(next++);
                reads.incrementAndGet();
                return new Transaction(Batch.ofTexts(text), err ->
                        settlements.computeIfAbsent(text, k -> new CopyOnWriteArrayList<>()).add(err == null ? "ack" : "nack: " + err.getMessage()));
            }
        });
        r.register(ComponentSpec.output("record").fields(
                FieldSpec.stringList("fail_on").defaultValue(List.of()),
                FieldSpec.duration("delay").defaultValue("0s"),
                FieldSpec.integer("max_in_flight").defaultValue(1)), (conf, ctx) -> new Output() {
            final List<String> failOn = conf.stringList("fail_on");
            final long delay = conf.duration("delay").toMillis();
            final int maxInFlight = conf.integer("max_in_flight");

            @Override
            public void write(Batch batch) throws Exception {
                if (delay > 0) Thread.sleep(delay);
                for (Part p : batch) if (failOn.contains(p.text())) throw new IllegalStateException("refused " + p.text());
                for (Part p : batch) written.add(p.text());
            }

            @Override
            public int maxInFlight() {
                return maxInFlight;
            }
        });
        r.register(ComponentSpec.processor("duplicate").fields(), (conf, ctx) -> new PartProcessor(ctx) {
            @Override
            protected List<Part> processPart(Batch batch, int index) {
                Part p = batch.get(index);
                return List.of(p, p.copy());
            }
        });
        r.register(ComponentSpec.processor("drop_odd").fields(), (conf, ctx) -> new PartProcessor(ctx) {
            @Override
            protected List<Part> processPart(Batch batch, int index) {
                Part p = batch.get(index);
                return Integer.parseInt(p.text()) % 2 == 1 ? List.of() : List.of(p);
            }
        });
        r.register(ComponentSpec.processor("jitter").fields(), (conf, ctx) -> new PartProcessor(ctx) {
            @Override
            protected List<Part> processPart(Batch batch, int index) throws InterruptedException {
                // Random short delays make parallel pipeline threads finish out of order.
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(3));
                return List.of(batch.get(index));
            }
        });
        r.register(ComponentSpec.processor("fail").fields(), (conf, ctx) -> new PartProcessor(ctx) {
            @Override
            protected List<Part> processPart(Batch batch, int index) {
                throw new IllegalArgumentException("boom");
            }
        });
        return r;
    }
}
