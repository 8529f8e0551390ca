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
            .summary("Sleep for a period of time specified as a duration string for each message. The duration is interpolated per message.")
            .description("A duration that does not parse (after interpolation) is logged and that message is not delayed. "
                    + "Closing the processor wakes any sleeper, and the batch it was delaying is returned to its source.")
            .fields(FieldSpec.string("duration").interpolated()
                    .description("The duration of time to sleep for each execution.")
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
                throw new ConfigException(conf.child("duration").position(), conf.child("duration").path(), e.getMessage());
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
