package io.sluice.core.engine;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Small components that record what happened, for engine tests. */
final class TestComponents {
    /** Per message text: every settlement it received (null = ack, else the error message). */
    final Map<String, List<String>> settlements = new ConcurrentHashMap<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    /** flaky_output: while true, every write says the connection is gone; a successful connect clears it. */
    volatile boolean outputDown;

    ComponentRegistry registry() {
        ComponentRegistry r = new ComponentRegistry();
        new CoreComponents().register(r);
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
        // An input whose connect() fails `fail_connects` times ("refused 1", ...), then emits `count` messages; it says
        // its connection was lost once after `lose_after` messages. `lazy`: connect() does nothing and the failures
        // come from read() as NotConnectedException, like components that open their connection on first use.
        r.register(ComponentSpec.input("flaky").fields(
                FieldSpec.integer("count"),
                FieldSpec.integer("fail_connects").defaultValue(0),
                FieldSpec.integer("lose_after").defaultValue(-1),
                FieldSpec.bool("lazy").defaultValue(false)), (conf, ctx) -> new Input() {
            final int count = conf.integer("count");
            final int failConnects = conf.integer("fail_connects");
            final int loseAfter = conf.integer("lose_after");
            final boolean lazy = conf.bool("lazy");
            int attempts;
            int next;
            boolean lost;

            @Override
            public void connect() throws Exception {
                if (!lazy && attempts < failConnects) throw new ConnectException("refused " + ++attempts);
            }

            @Override
            public Transaction read() throws Exception {
                if (lazy && attempts < failConnects) throw new NotConnectedException("refused " + ++attempts);
                if (next == loseAfter && !lost) {
                    lost = true;
                    throw new NotConnectedException("connection reset");
                }
                if (next >= count) throw new EndOfInputException();
                String text = Integer.toString(next++);
                reads.incrementAndGet();
                return new Transaction(Batch.ofTexts(text), err -> { });
            }
        });
        // An output whose connect() fails `fail_connects` times, whose write number `lose_at` (from 1) says the
        // connection is gone, and which fails every write while `outputDown` is set.
        r.register(ComponentSpec.output("flaky_output").fields(
                FieldSpec.integer("fail_connects").defaultValue(0),
                FieldSpec.integer("lose_at").defaultValue(-1),
                FieldSpec.duration("delay").defaultValue("0s"),
                FieldSpec.integer("max_in_flight").defaultValue(1)), (conf, ctx) -> new Output() {
            final int failConnects = conf.integer("fail_connects");
            final int loseAt = conf.integer("lose_at");
            final long delay = conf.duration("delay").toMillis();
            final int maxInFlight = conf.integer("max_in_flight");
            final AtomicInteger attempts = new AtomicInteger();
            final AtomicInteger writes = new AtomicInteger();

            @Override
            public void connect() throws Exception {
                if (attempts.get() < failConnects) throw new ConnectException("refused " + attempts.incrementAndGet());
                outputDown = false;
            }

            @Override
            public void write(Batch batch) throws Exception {
                if (delay > 0) Thread.sleep(delay);
                if (writes.incrementAndGet() == loseAt || outputDown) throw new NotConnectedException("broken pipe");
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
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
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
