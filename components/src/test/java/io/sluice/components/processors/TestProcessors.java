package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small processors that only tests use, to make messages fail, change, multiply or vanish on cue. */
final class TestProcessors {
    private TestProcessors() {
    }

    /** What the {@code record} processor saw, shared by the processors of one harness. */
    static final class Recorder {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
    }

    static void register(ComponentRegistry r, Recorder recorder) {
        r.register(ComponentSpec.processor("fail_if").fields(
                        FieldSpec.string("contains").defaultValue(""),
                        FieldSpec.string("message").defaultValue("boom")),
                (conf, ctx) -> perPart(p -> {
                    if (p.text().contains(conf.string("contains"))) p.setError(new ProcessingFailure(conf.string("message")));
                    return List.of(p);
                }));
        r.register(ComponentSpec.processor("append").fields(FieldSpec.string("suffix")),
                (conf, ctx) -> perPart(p -> {
                    p.setText(p.text() + conf.string("suffix"));
                    return List.of(p);
                }));
        r.register(ComponentSpec.processor("replace").fields(FieldSpec.string("text")),
                (conf, ctx) -> perPart(p -> {
                    p.setText(conf.string("text"));
                    return List.of(p);
                }));
        r.register(ComponentSpec.processor("set_meta").fields(FieldSpec.string("key"), FieldSpec.string("value")),
                (conf, ctx) -> perPart(p -> List.of(p.setMeta(conf.string("key"), conf.string("value")))));
        r.register(ComponentSpec.processor("drop_if").fields(FieldSpec.string("contains").defaultValue("")),
                (conf, ctx) -> perPart(p -> p.text().contains(conf.string("contains")) ? List.of() : List.of(p)));
        r.register(ComponentSpec.processor("explode").summary("Splits each message's text on commas into several messages.").fields(),
                (conf, ctx) -> perPart(p -> {
                    List<Part> out = new ArrayList<>();
                    for (String piece : p.text().split(",")) {
                        Part c = p.copy();
                        c.setText(piece);
                        out.add(c);
                    }
                    return out;
                }));
        // await_in_flight: holds each call until that many calls run at once (or fails after 10s), so a
        // test proves concurrency by reaching the count rather than by timing the calls.
        r.register(ComponentSpec.processor("record").fields(FieldSpec.integer("millis").defaultValue(0),
                        FieldSpec.integer("await_in_flight").defaultValue(0)),
                (conf, ctx) -> (Processor) batch -> {
                    int now = recorder.inFlight.incrementAndGet();
                    recorder.maxInFlight.accumulateAndGet(now, Math::max);
                    try {
                        recorder.batches.add(batch.parts().stream().map(Part::text).toList());
                        long millis = conf.longValue("millis");
                        if (millis > 0) Thread.sleep(millis);
                        int together = conf.integer("await_in_flight");
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (recorder.maxInFlight.get() < together) {
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("never " + together + " calls at once (at most " + recorder.maxInFlight.get() + ")");
                            }
                            Thread.sleep(5);
                        }
                        return List.of(batch);
                    } finally {
                        recorder.inFlight.decrementAndGet();
                    }
                });
    }

    @FunctionalInterface
    interface PartFn {
        List<Part> apply(Part p);
    }

    private static Processor perPart(PartFn fn) {
        return batch -> {
            Batch out = new Batch();
            for (Part p : batch) out.parts().addAll(fn.apply(p));
            return out.isEmpty() ? List.of() : List.of(out);
        };
    }
}
