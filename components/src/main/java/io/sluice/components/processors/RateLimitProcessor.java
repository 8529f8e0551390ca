package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds each message until a shared rate limit resource lets it through. */
final class RateLimitProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("rate_limit")
            .categories("Utility")
            .summary("Holds each message back until a rate limit resource allows it through.")
            .description("Every component that names the same resource shares its budget, across all pipeline threads. Each message asks for "
                    + "access and waits as long as it is told to. When the rate limit itself fails (e.g. Redis is down), the error is "
                    + "logged and the message asks again a second later.")
            .fields(FieldSpec.string("resource").references(ComponentKind.RATE_LIMIT)
                    .description("The label of the rate limit resource."));

    static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

    private final RateLimit rateLimit;
    private final CountDownLatch closed = new CountDownLatch(1);

    RateLimitProcessor(RateLimit rateLimit, ComponentContext ctx) {
        super(ctx);
        this.rateLimit = rateLimit;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new RateLimitProcessor(ResourceLookup.rateLimit(conf, "resource", ctx), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        while (true) {
            Duration wait;
            try {
                wait = rateLimit.access();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ctx.log().error("failed to access rate limit: {}", ProcessingFailure.describe(e));
                wait = RETRY_AFTER_ERROR;
            }
            if (wait == null || wait.isZero() || wait.isNegative()) return List.of(batch.get(index));
            if (closed.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("rate_limit processor was closed");
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
