package io.sluice.components.processors;

import io.sluice.components.io.RetryBackoff;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The {@code retry} processor: runs its processors on each message again, from the original, until nothing comes out flagged. */
final class RetryProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("retry")
            .categories("Composition")
            .summary("Runs its processors on each message until none of what they return is flagged with an error, waiting between tries.")
            .description("""
                    Each message goes through the processors as a batch of its own. When any message they return carries \
                    an error, the retry waits (the `backoff`) and runs them again on the message exactly as it arrived, so \
                    changes made by a failed try are thrown away. It stops at `max_retries` retries or after \
                    `backoff.max_elapsed_time`, whichever comes first, and then passes on what the last try returned, \
                    errors and all, for `catch` or an output to deal with. An error a message already carries when it \
                    arrives is cleared first, so an old failure cannot loop forever. What comes out gets the metadata \
                    `retry_count`: how many retries it took (0 when the first try worked). When the stream stops, a \
                    message waiting for its next try goes on with the result of its last one.""")
            .fields(FieldSpec.processors("processors")
                            .description("The processors to run, and run again, on each message."),
                    FieldSpec.bool("parallel").defaultValue(false)
                            .description("Retry the messages of a batch side by side instead of one after another."),
                    RetryBackoff.fields(0, "500ms", "10s", "1m")[0],
                    RetryBackoff.fields(0, "500ms", "10s", "1m")[1])
            .example("Call a flaky service", "Each event is posted to a service that sometimes fails; up to five retries, then the error stays on the message.", """
                    pipeline:
                      processors:
                        - retry:
                            max_retries: 5
                            backoff:
                              initial_interval: 200ms
                              max_interval: 5s
                            processors:
                              - http:
                                  url: http://localhost:8080/enrich
                                  verb: POST
                    """);

    private final ChildProcessors children;
    private final RetryBackoff backoff;
    private final boolean parallel;
    private final CountDownLatch closed = new CountDownLatch(1);

    RetryProcessor(ChildProcessors children, RetryBackoff backoff, boolean parallel) {
        this.children = children;
        this.backoff = backoff;
        this.parallel = parallel;
    }

    static RetryProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        return new RetryProcessor(ChildProcessors.fromField(conf, "processors"), RetryBackoff.from(conf), conf.bool("parallel"));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        List<List<Part>> results;
        if (parallel) {
            List<VirtualThreadFanOut.Task<List<Part>>> tasks = new ArrayList<>();
            for (Part p : batch) tasks.add(() -> untilClean(p));
            results = VirtualThreadFanOut.runAll(tasks, 0);
        } else {
            results = new ArrayList<>();
            for (Part p : batch) results.add(untilClean(p));
        }
        Batch out = new Batch();
        for (List<Part> r : results) out.parts().addAll(r);
        return out.isEmpty() ? List.of() : List.of(out);
    }

    private List<Part> untilClean(Part arrived) throws InterruptedException {
        arrived.clearError();
        RetryBackoff.Attempts attempts = backoff.start();
        while (true) {
            List<Part> out = children.applyToPart(arrived.copy());
            boolean failed = out.stream().anyMatch(Part::hasError);
            Duration wait = failed ? attempts.next() : null;
            if (wait == null || closed.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                for (Part p : out) p.setMeta("retry_count", (long) attempts.retries());
                return out;
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        children.close();
    }
}
