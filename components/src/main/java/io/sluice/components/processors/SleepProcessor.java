package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits an interpolated duration for each message of a batch. */
final class SleepProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("sleep")
            .categories("Utility")
            .summary("Waits for a while before passing each message on.")
            .description("The wait is worked out per message, so it can come from the message itself. A value that is not a duration is logged "
                    + "and the message goes on at once. When the stream stops, a waiting batch is handed back to its source, not lost.")
            .fields(FieldSpec.string("duration").interpolated()
                    .description("How long to wait, as a duration such as `250ms` or `2s`.")
                    .example("100ms", "5s", "${! @delay }"));

    private final Interpolation duration;
    private final ComponentContext ctx;
    private final CountDownLatch closed = new CountDownLatch(1);

    SleepProcessor(Interpolation duration, ComponentContext ctx) {
        this.duration = duration;
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        Interpolation duration = conf.interpolation("duration");
        if (duration.isStatic()) {
            try {
                Durations.parse(duration.render(new Batch(), 0));
            } catch (IllegalArgumentException e) {
                throw conf.invalid("duration", e.getMessage());
            }
        }
        return new SleepProcessor(duration, ctx);
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            String text = duration.render(batch, i);
            Duration period;
            try {
                period = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                ctx.log().error("failed to parse duration: {}", e.getMessage());
                continue;
            }
            if (period.isNegative() || period.isZero()) continue;
            if (closed.await(period.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("sleep processor was closed");
            }
        }
        return List.of(batch);
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
